extension StringProtocol {
    /// The text without the given characters at either end (Foundation's
    /// `trimmingCharacters(in:)` over a plain set of characters, for code that
    /// does not import Foundation).
    public func trimmingCharacters(in set: String) -> String {
        var text = self[...]
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
