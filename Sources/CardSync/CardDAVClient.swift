import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What went wrong talking to a CardDAV server. Names URLs and statuses, never contact values.
public enum CardDAVError: Error, Sendable, CustomStringConvertible {
    case unauthorized(url: String)
    case notFound(url: String)
    case notAnAddressBook(url: String)
    case http(method: String, url: String, status: Int)
    case transport(url: String, reason: String)

    public var description: String {
        switch self {
        case .unauthorized(let url):
            return
                "The CardDAV server refused the user name or password for \(url). Check --user and the password file or CARDSCAN_CARDDAV_PASSWORD."
        case .notFound(let url):
            return
                "No address book at \(url). Create it in the server's web interface, or pass --create to create it."
        case .notAnAddressBook(let url):
            return "\(url) exists but is not a CardDAV address book. Pass the address book's own URL."
        case .http(let method, let url, let status):
            return "The CardDAV server answered \(method) \(url) with HTTP \(status)."
        case .transport(let url, let reason):
            return
                "Cannot reach the CardDAV server at \(url): \(reason). Check the URL and that the server runs."
        }
    }
}

/// One vCard resource on the server.
public struct CardDAVResource: Sendable, Hashable {
    /// The resource's URL path, as the server names it.
    public var href: String
    public var etag: String?
}

/// A small CardDAV (RFC 6352) client over URLSession: the requests a push needs.
public struct CardDAVClient: Sendable {
    /// The address book collection, ending in `/`.
    public let addressBook: URL
    let authorization: String
    let session: URLSession

    public init(
        addressBook: URL, user: String, password: String, session: URLSession = CardDAVClient.makeSession()
    ) {
        var text = addressBook.absoluteString
        if !text.hasSuffix("/") { text += "/" }
        self.addressBook = URL(string: text) ?? addressBook
        self.authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        self.session = session
    }

    /// A session that hands a refused login back as its 401 response. We send the credentials
    /// ourselves (Basic, on every request); left to the default handling, an authentication
    /// challenge on Linux's URLSession never completed the request in our tests.
    public static func makeSession() -> URLSession {
        URLSession(configuration: .ephemeral, delegate: RejectChallenges(), delegateQueue: nil)
    }

    final class RejectChallenges: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
            completionHandler:
                @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
        ) {
            completionHandler(.rejectProtectionSpace, nil)
        }
    }

    /// The URL of a contact's resource: the UID without its `urn:uuid:` prefix, made safe for a
    /// path, plus `.vcf` (RFC 6352 §5.1.4 lets the client choose the name).
    public func resourceURL(uid: String) -> URL {
        var name = uid.hasPrefix("urn:uuid:") ? String(uid.dropFirst(9)) : uid
        name = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        return addressBook.appendingPathComponent(name + ".vcf")
    }

    func request(_ method: String, _ url: URL, body: Data? = nil, headers: [String: String] = [:])
        async throws(CardDAVError)
        -> (Data, HTTPURLResponse)
    {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw CardDAVError.transport(url: url.absoluteString, reason: "no HTTP response")
            }
            if http.statusCode == 401 || http.statusCode == 403 {
                throw CardDAVError.unauthorized(url: addressBook.absoluteString)
            }
            return (data, http)
        } catch let error as CardDAVError {
            throw error
        } catch let error as URLError
            where error.code == .cancelled || error.code == .userAuthenticationRequired
        {
            // Our delegate rejects every authentication challenge: the server refused the login.
            throw .unauthorized(url: addressBook.absoluteString)
        } catch {
            throw .transport(url: url.absoluteString, reason: error.localizedDescription)
        }
    }

    static let propfindBody = Data(
        """
        <?xml version="1.0" encoding="utf-8"?>
        <d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getetag/></d:prop></d:propfind>
        """.utf8)

    /// Checks that the URL is an address book; creates it (extended MKCOL, RFC 5689) when
    /// `create` is set and nothing is there.
    public func prepare(create: Bool) async throws(CardDAVError) {
        let (data, response) = try await request(
            "PROPFIND", addressBook, body: Self.propfindBody,
            headers: ["Depth": "0", "Content-Type": "application/xml; charset=utf-8"])
        switch response.statusCode {
        case 207:
            let entries = MultiStatus.parse(data)
            guard entries.contains(where: \.isAddressBook) else {
                throw .notAnAddressBook(url: addressBook.absoluteString)
            }
        case 404 where create:
            let body = Data(
                """
                <?xml version="1.0" encoding="utf-8"?>
                <d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>
                <d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>
                <d:displayname>cardscan</d:displayname></d:prop></d:set></d:mkcol>
                """.utf8)
            let (_, made) = try await request(
                "MKCOL", addressBook, body: body, headers: ["Content-Type": "application/xml; charset=utf-8"])
            guard made.statusCode == 201 else {
                throw .http(method: "MKCOL", url: addressBook.absoluteString, status: made.statusCode)
            }
        case 404:
            throw .notFound(url: addressBook.absoluteString)
        default:
            throw .http(method: "PROPFIND", url: addressBook.absoluteString, status: response.statusCode)
        }
    }

    /// Every vCard resource in the address book with its ETag (PROPFIND, Depth 1).
    public func list() async throws(CardDAVError) -> [CardDAVResource] {
        let (data, response) = try await request(
            "PROPFIND", addressBook, body: Self.propfindBody,
            headers: ["Depth": "1", "Content-Type": "application/xml; charset=utf-8"])
        guard response.statusCode == 207 else {
            throw .http(method: "PROPFIND", url: addressBook.absoluteString, status: response.statusCode)
        }
        return MultiStatus.parse(data).filter { !$0.isCollection }.map {
            CardDAVResource(href: $0.href, etag: $0.etag)
        }
    }

    /// The text of one resource (a vCard).
    public func get(_ href: String) async throws(CardDAVError) -> String {
        let url = URL(string: href, relativeTo: addressBook)?.absoluteURL ?? addressBook
        let (data, response) = try await request("GET", url)
        guard response.statusCode == 200 else {
            throw .http(method: "GET", url: url.absoluteString, status: response.statusCode)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// What a PUT or DELETE found.
    public enum WriteOutcome: Sendable, Equatable {
        /// Written; the server's new ETag when it sent one.
        case done(etag: String?)
        /// The precondition failed: the server's copy changed since our last push (or exists).
        case preconditionFailed
        /// DELETE of a resource that is already gone.
        case gone
    }

    /// Creates (`ifMatch` nil: only when absent) or replaces (only while its ETag is `ifMatch`) a vCard.
    public func put(_ url: URL, vCard: String, ifMatch: String?) async throws(CardDAVError) -> WriteOutcome {
        var headers = ["Content-Type": "text/vcard; charset=utf-8"]
        if let ifMatch { headers["If-Match"] = ifMatch } else { headers["If-None-Match"] = "*" }
        let (_, response) = try await request("PUT", url, body: Data(vCard.utf8), headers: headers)
        switch response.statusCode {
        case 200, 201, 204: return .done(etag: response.value(forHTTPHeaderField: "ETag"))
        case 412: return .preconditionFailed
        default: throw .http(method: "PUT", url: url.absoluteString, status: response.statusCode)
        }
    }

    /// Deletes a vCard while its ETag is `ifMatch` (any version when nil).
    public func delete(_ url: URL, ifMatch: String?) async throws(CardDAVError) -> WriteOutcome {
        let (_, response) = try await request("DELETE", url, headers: ifMatch.map { ["If-Match": $0] } ?? [:])
        switch response.statusCode {
        case 200, 204: return .done(etag: nil)
        case 404: return .gone
        case 412: return .preconditionFailed
        default: throw .http(method: "DELETE", url: url.absoluteString, status: response.statusCode)
        }
    }

    /// The current ETag of a resource (for servers that send none on PUT).
    public func etag(_ url: URL) async throws(CardDAVError) -> String? {
        let (data, response) = try await request(
            "PROPFIND", url, body: Self.propfindBody,
            headers: ["Depth": "0", "Content-Type": "application/xml; charset=utf-8"])
        guard response.statusCode == 207 else { return nil }
        return MultiStatus.parse(data).first?.etag
    }
}

/// A WebDAV multistatus (RFC 4918 §13) read for href, ETag and resource type.
final class MultiStatus: NSObject, XMLParserDelegate {
    struct Entry {
        var href = ""
        var etag: String?
        var isCollection = false
        var isAddressBook = false
    }

    private var entries: [Entry] = []
    private var current: Entry?
    private var text = ""

    static func parse(_ data: Data) -> [Entry] {
        let delegate = MultiStatus()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        _ = parser.parse()  // a malformed body gives the entries read so far
        return delegate.entries
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        text = ""
        switch name {
        case "response": current = Entry()
        case "collection": current?.isCollection = true
        case "addressbook": current?.isAddressBook = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(
        _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch name {
        case "href" where current?.href.isEmpty == true: current?.href = value
        case "getetag" where !value.isEmpty: current?.etag = value
        case "response":
            if let current { entries.append(current) }
            current = nil
        default: break
        }
        text = ""
    }
}
