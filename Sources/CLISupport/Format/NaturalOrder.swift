/// fvbommel/sortorder's NaturalLess, which `port` sorts its lines with:
/// digit runs compare as numbers ("8080" after "443"), digits before other
/// characters, everything else bytewise.
public enum NaturalOrder {
    public static func less(_ a: String, _ b: String) -> Bool {
        let s1 = Array(a.utf8), s2 = Array(b.utf8)
        var i = 0, j = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while i < s1.count && j < s2.count {
            let c1 = s1[i], c2 = s2[j]
            let d1 = isDigit(c1), d2 = isDigit(c2)
            if d1 != d2 { return d1 }
            if !d1 {
                if c1 != c2 { return c1 < c2 }
                i += 1
                j += 1
                continue
            }
            while i < s1.count && s1[i] == 48 { i += 1 }
            while j < s2.count && s2[j] == 48 { j += 1 }
            let start1 = i, start2 = j
            while i < s1.count && isDigit(s1[i]) { i += 1 }
            while j < s2.count && isDigit(s2[j]) { j += 1 }
            if i - start1 != j - start2 { return i - start1 < j - start2 }
            let n1 = s1[start1..<i], n2 = s2[start2..<j]
            if !n1.elementsEqual(n2) { return n1.lexicographicallyPrecedes(n2) }
            if start1 != start2 { return start1 < start2 }
        }
        return s1.count < s2.count
    }
}
