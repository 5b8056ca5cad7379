import Testing

@testable import CNKBRelations

/// The co-occurrence tables live in chunks; they must read and write as one array does, across chunk edges.
@Suite struct ChunkedBufferTests {
  @Test func readsAndWritesAsAnArrayDoes() {
    var buffer = ChunkedBuffer<Int32>()
    var array: [Int32] = []
    // Past two chunk boundaries (65,536 elements each).
    for value in 0..<140_000 {
      buffer.append(Int32(value % 977))
      array.append(Int32(value % 977))
    }
    for index in stride(from: 0, to: array.count, by: 7) {
      buffer[index] += 3
      array[index] += 3
    }
    #expect(buffer.count == array.count)
    #expect((0..<array.count).allSatisfy { buffer[$0] == array[$0] })
    #expect(buffer[65_535] == array[65_535] && buffer[65_536] == array[65_536])
  }
}
