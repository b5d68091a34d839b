import Testing
@testable import OCI

/// Sample documents in the shapes registries and `docker build` produce
/// (digests are made up but well-formed).
enum Samples {
    static let config = "sha256:a9fad888fedefd4d528e9775669fac846034785958953646d6d4af7ba051f15c"
    static let layer1 = "sha256:7fb22b185b124ae57fbd2ace90d64bb7afbab306b1b789db1b5fdc13f62d26d5"
    static let layer2 = "sha256:179fa4f8184d7235d375fbc6966087dbbd079ef3e768c3c378dc033ab1681a9c"
    static let manifestA = "sha256:8fb4986b60e498aca86191c464d080f762e032fa1bb2318cb77ba984fe118445"
    static let manifestB = "sha256:f46cc7c7370a06c922b566e2c6cb6adf29adc1d02759917c6aa1cc394086f464"

    static let dockerManifest = """
    {
       "schemaVersion": 2,
       "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
       "config": {
          "mediaType": "application/vnd.docker.container.image.v1+json",
          "size": 1457,
          "digest": "\(config)"
       },
       "layers": [
          {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2152262, "digest": "\(layer1)"},
          {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 32, "digest": "\(layer2)"}
       ]
    }
    """

    static let dockerManifestList = """
    {
       "schemaVersion": 2,
       "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
       "manifests": [
          {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "\(manifestA)",
           "platform": {"architecture": "amd64", "os": "linux"}},
          {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "\(manifestB)",
           "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}},
          {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 1125, "digest": "\(layer1)",
           "platform": {"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.2655", "os.features": ["win32k"]}}
       ]
    }
    """

    /// No top-level mediaType: optional in OCI, and some tools leave it out.
    static let ociManifest = """
    {
      "schemaVersion": 2,
      "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "\(config)", "size": 7023},
      "layers": [
        {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "\(layer1)", "size": 32654},
        {"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd", "digest": "\(layer2)", "size": 16724,
         "annotations": {"org.opencontainers.image.title": "layer2.tar.zst"}}
      ],
      "annotations": {"org.opencontainers.image.created": "2024-01-02T03:04:05Z"}
    }
    """

    /// As BuildKit pushes it: one image and its attestation manifest.
    static let ociIndex = """
    {
      "schemaVersion": 2,
      "mediaType": "application/vnd.oci.image.index.v1+json",
      "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "\(manifestA)", "size": 1234,
         "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "\(manifestB)", "size": 566,
         "annotations": {"vnd.docker.reference.digest": "\(manifestA)", "vnd.docker.reference.type": "attestation-manifest"},
         "platform": {"architecture": "unknown", "os": "unknown"}}
      ],
      "annotations": {"org.opencontainers.image.ref.name": "1.36"}
    }
    """

    static let imageConfig = """
    {
      "architecture": "amd64",
      "os": "linux",
      "created": "2024-09-26T21:31:42.123456789Z",
      "author": "someone@example.com",
      "docker_version": "26.1.5",
      "container": "b4ef3c9d5e4e1df7d0ab06c21e05cf11f3a9d7ca25c31a12b7c0e3f0a2d4c1a9",
      "config": {
        "User": "nobody",
        "ExposedPorts": {"80/tcp": {}, "443/tcp": {}},
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NGINX_VERSION=1.27.1"],
        "Entrypoint": ["/docker-entrypoint.sh"],
        "Cmd": ["nginx", "-g", "daemon off;"],
        "Volumes": {"/var/cache/nginx": {}},
        "WorkingDir": "/",
        "Labels": {"maintainer": "NGINX Docker Maintainers"},
        "StopSignal": "SIGQUIT",
        "StopTimeout": 20,
        "OnBuild": ["RUN echo child"],
        "Shell": ["/bin/sh", "-c"],
        "ArgsEscaped": true,
        "Healthcheck": {"Test": ["CMD-SHELL", "wget -q -O- localhost || exit 1"], "Interval": 30000000000,
                        "Timeout": 5000000000, "StartPeriod": 10000000000, "StartInterval": 1000000000, "Retries": 3}
      },
      "container_config": {"Cmd": ["/bin/sh", "-c", "#(nop) ", "CMD [\\"nginx\\" \\"-g\\" \\"daemon off;\\"]"]},
      "rootfs": {"type": "layers", "diff_ids": ["\(layer1)", "\(layer2)"]},
      "history": [
        {"created": "2024-09-26T21:31:40.5Z", "created_by": "/bin/sh -c #(nop) ADD file:1234 in / "},
        {"created": "2024-09-26T21:31:41Z", "created_by": "/bin/sh -c #(nop)  ENV NGINX_VERSION=1.27.1", "empty_layer": true},
        {"created": "2024-09-26T21:31:42.123456789Z", "created_by": "RUN /bin/sh -c apt-get install nginx # buildkit",
         "comment": "buildkit.dockerfile.v0", "author": "someone@example.com"}
      ]
    }
    """

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}

@Suite struct ImageDocumentTests {
    /// Nothing in the sample is lost or invented by a decode/encode cycle.
    func expectLossless<T: Codable>(_ type: T.Type, _ text: String) throws {
        let value = try JSON.decode(type, from: Samples.bytes(text))
        let original = try JSON.decode(JSONValue.self, from: Samples.bytes(text))
        let again = try JSON.decode(JSONValue.self, from: try JSON.encode(value))
        #expect(again == original)
    }

    @Test func dockerManifest() throws {
        let manifest = try JSON.decode(ImageManifest.self, from: Samples.bytes(Samples.dockerManifest))
        #expect(manifest.schemaVersion == 2)
        #expect(manifest.mediaType == MediaType.dockerManifest)
        #expect(manifest.config.mediaType == MediaType.dockerConfig)
        #expect(manifest.config.digest.description == Samples.config)
        #expect(manifest.config.size == 1457)
        #expect(manifest.layers.map(\.size) == [2_152_262, 32])
        #expect(manifest.layers.allSatisfy { $0.mediaType == MediaType.dockerLayer })
        try expectLossless(ImageManifest.self, Samples.dockerManifest)
    }

    @Test func dockerManifestList() throws {
        let list = try JSON.decode(ImageIndex.self, from: Samples.bytes(Samples.dockerManifestList))
        #expect(list.mediaType == MediaType.dockerManifestList)
        #expect(list.manifests.count == 3)
        #expect(list.manifests[1].platform == Platform(architecture: "arm", os: "linux", variant: "v7"))
        #expect(list.manifests[2].platform?.osVersion == "10.0.20348.2655")
        #expect(list.manifests[2].platform?.osFeatures == ["win32k"])
        try expectLossless(ImageIndex.self, Samples.dockerManifestList)
    }

    @Test func ociManifest() throws {
        let manifest = try JSON.decode(ImageManifest.self, from: Samples.bytes(Samples.ociManifest))
        #expect(manifest.mediaType == nil)
        #expect(manifest.layers[1].mediaType == MediaType.ociLayerZstd)
        #expect(manifest.layers[1].annotations?["org.opencontainers.image.title"] == "layer2.tar.zst")
        #expect(manifest.annotations?["org.opencontainers.image.created"] == "2024-01-02T03:04:05Z")
        try expectLossless(ImageManifest.self, Samples.ociManifest)
    }

    @Test func ociIndex() throws {
        let index = try JSON.decode(ImageIndex.self, from: Samples.bytes(Samples.ociIndex))
        #expect(index.mediaType == MediaType.ociIndex)
        #expect(index.manifests[0].platform?.variant == "v8")
        #expect(index.manifests[1].annotations?["vnd.docker.reference.type"] == "attestation-manifest")
        #expect(index.annotations?["org.opencontainers.image.ref.name"] == "1.36")
        try expectLossless(ImageIndex.self, Samples.ociIndex)
    }

    @Test func imageConfig() throws {
        let image = try JSON.decode(ImageConfig.self, from: Samples.bytes(Samples.imageConfig))
        #expect(image.architecture == "amd64")
        #expect(image.os == "linux")
        #expect(image.dockerVersion == "26.1.5")
        #expect(image.createdDate == 1_727_386_302)
        #expect(image.rootfs.type == "layers")
        #expect(image.rootfs.diffIDs.map(\.description) == [Samples.layer1, Samples.layer2])
        #expect(image.history?.count == 3)
        #expect(image.history?[1].emptyLayer == true)
        #expect(image.history?[0].emptyLayer == nil)
        #expect(image.history?[2].comment == "buildkit.dockerfile.v0")
        // Layers and non-empty history entries line up.
        #expect(image.history?.filter { $0.emptyLayer != true }.count == image.rootfs.diffIDs.count)

        let config = try #require(image.config)
        #expect(config.user == "nobody")
        #expect(config.exposedPorts?.keys.sorted() == ["443/tcp", "80/tcp"])
        #expect(config.volumes == ["/var/cache/nginx": EmptyObject()])
        #expect(config.entrypoint == ["/docker-entrypoint.sh"])
        #expect(config.cmd == ["nginx", "-g", "daemon off;"])
        #expect(config.stopSignal == "SIGQUIT")
        #expect(config.stopTimeout == 20)
        #expect(config.argsEscaped == true)
        #expect(config.healthcheck?.test == ["CMD-SHELL", "wget -q -O- localhost || exit 1"])
        #expect(config.healthcheck?.interval == 30_000_000_000)
        #expect(config.healthcheck?.startInterval == 1_000_000_000)
        #expect(config.healthcheck?.retries == 3)
        #expect(image.containerConfig?.cmd?.last == "CMD [\"nginx\" \"-g\" \"daemon off;\"]")
        try expectLossless(ImageConfig.self, Samples.imageConfig)
    }

    @Test func configToleratesNullsAndBareStrings() throws {
        // Older Docker wrote null for unset fields, and a plain string for
        // Cmd/Entrypoint/Shell in a few images; Docker reads both.
        let text = """
        {"architecture":"arm64","os":"linux","variant":"v8","rootfs":{"type":"layers","diff_ids":[]},
         "config":{"Env":null,"Cmd":"/bin/sh","Entrypoint":null,"Volumes":null,"OnBuild":null,"Labels":null,"Healthcheck":null}}
        """
        let image = try JSON.decode(ImageConfig.self, from: Samples.bytes(text))
        #expect(image.config?.cmd == ["/bin/sh"])
        #expect(image.config?.entrypoint == nil)
        #expect(image.config?.env == nil)
        #expect(image.history == nil)
        #expect(image.createdDate == nil)
        #expect(image.platform == Platform(architecture: "arm64", os: "linux", variant: "v8"))
    }

    @Test func newConfigEncodesDockerKeys() throws {
        let image = ImageConfig(
            created: "2024-01-02T03:04:05Z", architecture: "amd64", os: "linux",
            config: ContainerConfig(exposedPorts: ["80/tcp": EmptyObject()], env: ["A=1"], cmd: ["sh"], workingDir: "/w"),
            rootfs: RootFS(diffIDs: [try Digest(parsing: Samples.layer1)]),
            history: [History(created: "2024-01-02T03:04:05Z", createdBy: "CMD [\"sh\"]", emptyLayer: true)])
        let text = try JSON.string(image)
        #expect(text == """
        {"architecture":"amd64","config":{"Cmd":["sh"],"Env":["A=1"],"ExposedPorts":{"80/tcp":{}},"WorkingDir":"/w"},\
        "created":"2024-01-02T03:04:05Z","history":[{"created":"2024-01-02T03:04:05Z","created_by":"CMD [\\"sh\\"]","empty_layer":true}],\
        "os":"linux","rootfs":{"diff_ids":["\(Samples.layer1)"],"type":"layers"}}
        """)
        #expect(try JSON.decode(ImageConfig.self, from: Array(text.utf8)) == image)
    }

    @Test func descriptorDefaultsAndEncoding() throws {
        let descriptor = Descriptor(mediaType: MediaType.ociLayerGzip, digest: try Digest(parsing: Samples.layer1), size: 12)
        #expect(descriptor.urls == nil && descriptor.annotations == nil && descriptor.platform == nil)
        #expect(try JSON.string(descriptor) == """
        {"digest":"\(Samples.layer1)","mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":12}
        """)
    }

    @Test func badDigestInsideDocumentIsRefused() {
        let text = Samples.dockerManifest.replacing(Samples.layer2, with: "sha256:abc")
        #expect(throws: DecodingError.self) { try JSON.decode(ImageManifest.self, from: Samples.bytes(text)) }
    }

    @Test func emptyObjectAcceptsOnlyObjects() {
        #expect(throws: DecodingError.self) { try JSON.decode([String: EmptyObject].self, from: Samples.bytes(#"{"80/tcp":"x"}"#)) }
        #expect((try? JSON.decode([String: EmptyObject].self, from: Samples.bytes(#"{"80/tcp":{"a":1}}"#)))?.count == 1)
    }
}
