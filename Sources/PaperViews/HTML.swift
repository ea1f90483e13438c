/// A tree of HTML (or XML) built from typed Swift values.
///
/// Why not a template engine: with Swift builders every page is checked by the compiler, the view
/// models are ordinary types, and text can only enter the tree as `.text`, which is always
/// escaped when rendered — there is no "unescaped" spelling to use by mistake (Mustache's
/// triple braces). The only unescaped input is `.trusted`, which this module uses for its own
/// constant stylesheet and doctype, never for data.
public indirect enum Node: Sendable {
    case element(String, [Attribute], [Node])
    case text(String)
    case trusted(String)
    case fragment([Node])

    public static let empty = Node.fragment([])

    /// HTML serialisation: void elements (`<meta>`, `<input>`, …) have no end tag.
    public func renderHTML() -> String { render(xml: false) }

    /// XML serialisation (Atom): an element without children closes itself.
    public func renderXML() -> String { render(xml: true) }

    private func render(xml: Bool) -> String {
        var out = ""
        out.reserveCapacity(16_384)
        write(into: &out, xml: xml)
        return out
    }

    private func write(into out: inout String, xml: Bool) {
        switch self {
        case .text(let text): Escape.append(text, to: &out)
        case .trusted(let markup): out += markup
        case .fragment(let nodes): for node in nodes { node.write(into: &out, xml: xml) }
        case .element(let name, let attributes, let children):
            out += "<" + name
            for attribute in attributes {
                out += " " + attribute.name
                if let value = attribute.value {
                    out += "=\""
                    Escape.append(value, to: &out)
                    out += "\""
                }
            }
            if xml, children.isEmpty { out += "/>"; return }
            out += ">"
            if !xml, Self.voidElements.contains(name) { return }
            for child in children { child.write(into: &out, xml: xml) }
            out += "</" + name + ">"
        }
    }

    private static let voidElements: Set<String> = ["meta", "link", "input", "br", "hr", "img"]
}

/// One attribute; a nil value is a boolean attribute (`required`).
public struct Attribute: Sendable {
    public var name: String
    public var value: String?
    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }
    public static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
    public static func href(_ value: String) -> Attribute { Attribute("href", value) }
    public static func id(_ value: String) -> Attribute { Attribute("id", value) }
    public static func flag(_ name: String) -> Attribute { Attribute(name, nil) }
}

@resultBuilder
public enum NodeBuilder {
    public static func buildExpression(_ node: Node) -> Node { node }
    /// Plain strings become escaped text.
    public static func buildExpression(_ text: String) -> Node { .text(text) }
    public static func buildBlock(_ nodes: Node...) -> Node { .fragment(nodes) }
    public static func buildOptional(_ node: Node?) -> Node { node ?? .empty }
    public static func buildEither(first: Node) -> Node { first }
    public static func buildEither(second: Node) -> Node { second }
    public static func buildArray(_ nodes: [Node]) -> Node { .fragment(nodes) }
}

/// An element: `el("a", .href(url)) { "text" }`.
public func el(_ name: String, _ attributes: Attribute..., @NodeBuilder content: () -> Node = { .empty }) -> Node {
    let child = content()
    if case .fragment(let nodes) = child { return .element(name, attributes, nodes) }
    return .element(name, attributes, [child])
}

/// An element with attributes given as an array (when some are optional).
public func el(_ name: String, attributes: [Attribute?], @NodeBuilder content: () -> Node = { .empty }) -> Node {
    let child = content()
    let present = attributes.compactMap { $0 }
    if case .fragment(let nodes) = child { return .element(name, present, nodes) }
    return .element(name, present, [child])
}

enum Escape {
    /// A byte that needs a look: `&`, `<`, `>`, `"`, `'`, a control character, or the first byte
    /// of U+FFFE/U+FFFF. A switch, not a Set: hashing each byte was a cost of its own.
    private static func needsCare(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<0x20, 0x7F, 0xEF, 0x26, 0x3C, 0x3E, 0x22, 0x27: true
        default: false
        }
    }

    /// Escapes the five characters with meaning in HTML and XML text and attribute values, and
    /// drops the control characters XML 1.0 forbids (a feed must stay parseable whatever a title holds).
    static func append(_ text: String, to out: inout String) {
        // Most text needs nothing escaped: one scan of its bytes, then one append (escaping
        // scalar by scalar was most of the time it took to render a feed page).
        if !text.utf8.contains(where: needsCare) {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{7F}", "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
}
