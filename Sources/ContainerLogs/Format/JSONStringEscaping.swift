/// Escapes raw output bytes into a JSON string exactly as Docker's json-file
/// driver does (moby's `ffjsonWriteJSONBytesAsString`):
/// - `"` and `\` are backslashed, `\n` and `\r` use their short forms;
/// - every other byte below 0x20 and `<`, `>`, `&` become `\u00XX` (tab too:
///   Docker writes `\u0009`, not `\t`);
/// - U+2028 and U+2029 become `\u2028`/`\u2029`;
/// - each byte that does not start a valid UTF-8 sequence becomes `\ufffd`
///   (by Go's utf8.DecodeRune rules: no overlongs, no surrogates, nothing
///   past U+10FFFF), and decoding resumes at the next byte.
enum JSONStringEscaping {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let replacement: [UInt8] = Array(#"\ufffd"#.utf8)

    /// Appends `bytes` as a quoted JSON string.
    static func appendQuoted(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = bytes.startIndex
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"")
                    && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "&")
                {
                    index += 1
                    continue
                }
                out.append(contentsOf: bytes[runStart..<index])
                switch byte {
                case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                case UInt8(ascii: "\n"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "r"))
                default:
                    appendUnicodeEscape(UInt32(byte), to: &out)
                }
                index += 1
                runStart = index
                continue
            }
            let length = validSequenceLength(bytes, at: index)
            if length == 0 {
                out.append(contentsOf: bytes[runStart..<index])
                out.append(contentsOf: replacement)
                index += 1
                runStart = index
                continue
            }
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            if length == 3 && byte == 0xE2 && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
                out.append(contentsOf: bytes[runStart..<index])
                appendUnicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                index += 3
                runStart = index
                continue
            }
            index += length
        }
        out.append(contentsOf: bytes[runStart..<end])
        out.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ scalar: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((scalar >> UInt32(shift)) & 0xF)])
        }
    }

    /// The length of the valid UTF-8 sequence starting at `index` (a byte of
    /// 0x80 or more), or 0 when it is invalid or cut short.
    private static func validSequenceLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: return 0
        }
        guard bytes.endIndex - index >= length else { return 0 }
        let second = bytes[index + 1]
        guard second >= secondLow && second <= secondHigh else { return 0 }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        return length
    }
}
