import NativeModel
import Testing

@Suite struct IMFFixdateTests {
    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (Int64(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT"),  // RFC 9110's example
        (Int64(1_795_336_599_999), "Sun, 22 Nov 2026 08:36:39 GMT"),
        (Int64(-1_000), "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func instantsAreHTTPDates(milliseconds: Int64, expected: String) {
        #expect(Instant(millisecondsSince1970: milliseconds).imfFixdate == expected)
    }
}
