#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AsyncHTTPClient
import LinuxSupport
import NIOCore
import OCI
import Synchronization

/// Bearer tokens from a registry's token server (the realm of its
/// challenge), cached per realm, service, scopes and user until shortly
/// before they expire. With an identity token the refresh-token grant is
/// POSTed; otherwise the realm is asked with GET, with Basic credentials
/// when we have them (Docker's client does the same).
final class TokenClient: Sendable {
    private struct Cached {
        let token: String
        let expires: Int64
    }

    private let http: RegistryHTTP
    private let cache = Mutex<[String: Cached]>([:])

    init(http: RegistryHTTP) {
        self.http = http
    }

    func token(realm: String, service: String?, scopes: [String], credentials: RegistryCredentials,
               verifyTLS: Bool, fresh: Bool) async throws(RegistryClientError) -> String {
        let key = [realm, service ?? "", scopes.sorted().joined(separator: " "), credentials.username ?? ""].joined(separator: "\n")
        let now = Clock.unixSeconds()
        if !fresh, let cached = cache.withLock({ $0[key] }), cached.expires > now { return cached.token }
        let response = try await request(realm: realm, service: service, scopes: scopes, credentials: credentials, verifyTLS: verifyTLS)
        // Docker treats a missing or shorter lifetime as 60 s; renew 10 s early.
        let lifetime = max(Int64(response.expires_in ?? 60), 60)
        guard let token = response.token ?? response.access_token, !token.isEmpty else {
            throw RegistryClientError(.unauthorized, "authorization server did not include a token in the response")
        }
        cache.withLock { $0[key] = Cached(token: token, expires: now + lifetime - 10) }
        return token
    }

    private struct TokenResponse: Decodable {
        var token: String?
        var access_token: String?
        var expires_in: Int?
    }

    private func request(realm: String, service: String?, scopes: [String], credentials: RegistryCredentials,
                         verifyTLS: Bool) async throws(RegistryClientError) -> TokenResponse {
        var request: HTTPClientRequest
        if let refresh = credentials.identityToken {
            request = HTTPClientRequest(url: realm)
            request.method = .POST
            var form = "grant_type=refresh_token&refresh_token=" + PercentEncoding.escapeQuery(refresh) + "&client_id=docker"
            if let service { form += "&service=" + PercentEncoding.escapeQuery(service) }
            if !scopes.isEmpty { form += "&scope=" + PercentEncoding.escapeQuery(scopes.joined(separator: " ")) }
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        } else {
            var query: [String] = []
            if let service { query.append("service=" + PercentEncoding.escapeQuery(service)) }
            for scope in scopes { query.append("scope=" + PercentEncoding.escapeQuery(scope)) }
            if let user = credentials.username, credentials.hasBasic { query.append("account=" + PercentEncoding.escapeQuery(user)) }
            request = HTTPClientRequest(url: realm + (query.isEmpty ? "" : (realm.contains("?") ? "&" : "?") + query.joined(separator: "&")))
            if let basic = credentials.basicHeader { request.headers.add(name: "Authorization", value: basic) }
        }
        let response = try await http.execute(request, verifyTLS: verifyTLS)
        let body = try await RegistryBody.collect(response, limit: 1 << 20, url: realm)
        guard response.status.code == 200 else {
            let detail = RegistryErrorBody.describe(status: response.status.code, body: body)
            throw RegistryClientError(response.status.code == 401 || response.status.code == 403 ? .unauthorized : .protocolError,
                                      "\(request.method.goName) \"\(realm)\": \(detail)")
        }
        do { return try JSON.decode(TokenResponse.self, from: body) } catch {
            throw RegistryClientError(.protocolError, "unable to decode token response: \(error)")
        }
    }
}
