internal import CLibXML2

// Placeholder: replaced as the module is written.
func _libxmlVersion() -> Int32 { LIBXML_VERSION }
