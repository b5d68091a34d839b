import Testing
@testable import OCI

@Suite struct ManifestKindTests {
    static let schema1 = """
    {"schemaVersion": 1, "name": "library/busybox", "tag": "latest", "architecture": "amd64",
     "fsLayers": [{"blobSum": "\(Samples.layer1)"}], "history": [{"v1Compatibility": "{}"}],
     "signatures": [{"header": {"alg": "ES256"}, "signature": "x", "protected": "y"}]}
    """

    @Test(arguments: [
        (Samples.dockerManifest, nil, ManifestKind.dockerManifest),
        (Samples.dockerManifestList, nil, .dockerManifestList),
        (Samples.ociManifest, nil, .ociManifest),
        (Samples.ociIndex, nil, .ociIndex),
        // The declared type wins; parameters and case in a Content-Type do not matter.
        (Samples.dockerManifest, "application/vnd.docker.distribution.manifest.v2+json; charset=utf-8", .dockerManifest),
        (Samples.ociManifest, "Application/VND.oci.image.manifest.v1+json", .ociManifest),
        (Samples.ociIndex, MediaType.dockerManifestList, .dockerManifestList),
        // Generic or unknown declared types fall back to the document.
        (Samples.ociIndex, "application/json", .ociIndex),
        (Samples.dockerManifestList, "application/octet-stream", .dockerManifestList),
        (Samples.dockerManifest, "application/x-unknown", .dockerManifest),
        // Shape alone, with nothing declared anywhere.
        (#"{"schemaVersion":2,"manifests":[]}"#, "application/json", .ociIndex),
        (#"{"schemaVersion":2,"config":{},"layers":[]}"#, "", .ociManifest),
    ] as [(String, String?, ManifestKind)])
    func detects(document: String, declared: String?, expected: ManifestKind) throws {
        #expect(try ManifestKind.detect(Array(document.utf8), declaredMediaType: declared) == expected)
    }

    @Test(arguments: [
        (schema1, nil),
        (schema1, MediaType.dockerSchema1Signed),
        (schema1, MediaType.dockerManifest),  // mislabelled by the registry: still schema 1
        (#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+json"}"#, nil),
        (Samples.dockerManifest, MediaType.dockerSchema1Manifest),
    ] as [(String, String?)])
    func refusesSchema1(document: String, declared: String?) {
        #expect(throws: ImageFormatError.schema1Manifest) {
            try ManifestKind.detect(Array(document.utf8), declaredMediaType: declared)
        }
    }

    @Test func schema1MessageSaysWhatToDo() {
        let message = ImageFormatError.schema1Manifest.description
        #expect(message.contains("schema 1 is no longer supported"))
        #expect(message.contains("push it again"))
    }

    @Test func refusesOtherDocuments() {
        let artifact = #"{"mediaType":"application/vnd.oci.artifact.manifest.v1+json","blobs":[]}"#
        #expect(throws: ImageFormatError.unsupportedManifestType("application/vnd.oci.artifact.manifest.v1+json")) {
            try ManifestKind.detect(Array(artifact.utf8), declaredMediaType: nil)
        }
        #expect(throws: ImageFormatError.unsupportedManifestType("application/x-thing")) {
            try ManifestKind.detect(Array("{}".utf8), declaredMediaType: "application/x-thing")
        }
        #expect(throws: ImageFormatError.unrecognisedManifest) {
            try ManifestKind.detect(Array(#"{"schemaVersion":2}"#.utf8), declaredMediaType: "application/json")
        }
        #expect(throws: ImageFormatError.self) { try ManifestKind.detect(Array("<html>".utf8), declaredMediaType: nil) }
        #expect(throws: ImageFormatError.invalidJSON(reason: "expected a JSON object")) {
            try ManifestKind.detect(Array("[1]".utf8), declaredMediaType: MediaType.ociIndex)
        }
    }

    @Test func kindsKnowTheirMediaTypes() {
        for kind in [ManifestKind.dockerManifest, .dockerManifestList, .ociManifest, .ociIndex] {
            #expect(ManifestKind(mediaType: kind.mediaType) == kind)
        }
        #expect(ManifestKind.ociIndex.isIndex && ManifestKind.dockerManifestList.isIndex)
        #expect(!ManifestKind.ociManifest.isIndex && !ManifestKind.dockerManifest.isIndex)
        #expect(ManifestKind(mediaType: MediaType.dockerSchema1Signed) == nil)
    }
}
