/// `-f/--filter key=value`, parsed as Docker's FilterOpt does.
enum FilterOption {
    static func parse(_ values: [String], flag: String = "-f, --filter") throws -> [(String, String)] {
        var filters: [(String, String)] = []
        for value in values where !value.isEmpty {
            guard let equals = value.firstIndex(of: "=") else {
                throw UsageProblem.flag("invalid argument \"\(value)\" for \"\(flag)\" flag: bad format of filter (expected name=value)")
            }
            let name = String(value[..<equals]).trimmedWhitespace.lowercased()
            let filterValue = String(value[value.index(after: equals)...]).trimmedWhitespace
            filters.append((name, filterValue))
        }
        return filters
    }
}

extension String {
    var trimmedWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
