import CLISupport
import Testing

@Suite struct FormattingTests {
    @Test func decimalSizesLikeGoUnits() {
        #expect(HumanUnits.size(1_985_718, precision: 3) == "1.99MB")
        #expect(HumanUnits.size(1_985_718) == "1.986MB")
        #expect(HumanUnits.size(2_142_000) == "2.142MB")
        #expect(HumanUnits.size(0) == "0B")
        #expect(HumanUnits.size(999) == "999B")
        #expect(HumanUnits.size(1000, precision: 3) == "1kB")
        #expect(HumanUnits.size(123_400_000, precision: 3) == "123MB")
        #expect(HumanUnits.size(4_260_000, precision: 3) == "4.26MB")
        // Go's %.3g switches to an exponent when rounding reaches 1000.
        #expect(HumanUnits.size(999_950, precision: 3) == "1e+03kB")
        #expect(HumanUnits.size(100, precision: 3) == "100B")
    }

    @Test func binarySizes() {
        #expect(HumanUnits.bytesSize(25_275_000_000) == "23.54GiB")
        #expect(HumanUnits.bytesSize(1024) == "1KiB")
        #expect(HumanUnits.bytesSize(512) == "512B")
    }

    @Test func goFloatG() {
        #expect(GoFloat.formatG(1.5, precision: 3) == "1.5")
        #expect(GoFloat.formatG(0.000012345, precision: 3) == "1.23e-05")
        #expect(GoFloat.formatG(12.0, precision: 4) == "12")
        #expect(GoFloat.formatG(-2.5, precision: 2) == "-2.5")
    }

    @Test func durationsLikeDocker() {
        #expect(HumanUnits.duration(seconds: 0.4) == "Less than a second")
        #expect(HumanUnits.duration(seconds: 1) == "1 second")
        #expect(HumanUnits.duration(seconds: 59) == "59 seconds")
        #expect(HumanUnits.duration(seconds: 60) == "About a minute")
        #expect(HumanUnits.duration(seconds: 150) == "2 minutes")
        #expect(HumanUnits.duration(seconds: 3600) == "About an hour")
        #expect(HumanUnits.duration(seconds: 5 * 3600) == "5 hours")
        #expect(HumanUnits.duration(seconds: 3 * 86400) == "3 days")
        #expect(HumanUnits.duration(seconds: 15 * 86400) == "2 weeks")
        #expect(HumanUnits.duration(seconds: 90 * 86400) == "3 months")
        #expect(HumanUnits.duration(seconds: 800 * 86400) == "2 years")
    }

    @Test func goTimeLayouts() {
        setenv("TZ", "UTC", 1)
        tzset()
        #expect(GoTime.goString(unix: 1_795_421_929) == "2026-11-23 08:18:49 +0000 UTC")
        #expect(GoTime.rfc3339(unix: 1_795_421_929) == "2026-11-23T08:18:49Z")
        #expect(GoTime.ansic(fromRFC3339: "2026-05-07T21:09:36.000000000+00:00") == "Thu May  7 21:09:36 2026")
        #expect(GoTime.ansic(fromRFC3339: "not a time") == "not a time")
        #expect(GoTime.parseRFC3339("1970-01-02T00:00:00+01:00")?.unix == 82800)
    }

    @Test func tabwriterAlignsLikeDockerTables() {
        let text = "REPOSITORY\tTAG\tIMAGE ID\nbusybox\tlatest\tbc59544952d1\nlocalhost:5000/x/y\t2\tbc59544952d1\n"
        #expect(TabWriter.table.format(text) == """
        REPOSITORY           TAG       IMAGE ID
        busybox              latest    bc59544952d1
        localhost:5000/x/y   2         bc59544952d1

        """)
        // Lines without tabs end a column block.
        #expect(TabWriter(minWidth: 0, padding: 1).format("a\tb\nc\nlong\tx\n") == "a b\nc\nlong x\n")
    }
}

import Glibc
