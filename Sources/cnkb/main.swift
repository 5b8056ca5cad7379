print("cnkb")
