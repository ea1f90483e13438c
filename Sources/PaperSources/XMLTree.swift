import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A minimal element tree built with Foundation's SAX `XMLParser`: Atom and OAI-PMH pages are small
/// (one page of a paged API), and reading them as a tree keeps each format's parser declarative.
/// Names are matched by local name (`arxiv:comment` answers to `comment`).
final class XMLTree {
    let name: String
    let attributes: [String: String]
    fileprivate(set) var children: [XMLTree] = []
    fileprivate(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The element name without its namespace prefix.
    var localName: Substring { name.split(separator: ":").last ?? Substring(name) }

    func children(_ localName: String) -> [XMLTree] { children.filter { $0.localName == localName } }
    func child(_ localName: String) -> XMLTree? { children.first { $0.localName == localName } }
    /// The text of the first child of that name, trimmed; nil when absent or empty.
    func value(_ localName: String) -> String? {
        child(localName).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }
    /// All descendants (depth first) with that local name.
    func descendants(_ localName: String) -> [XMLTree] {
        children.flatMap { ($0.localName == localName ? [$0] : []) + $0.descendants(localName) }
    }

    /// Parses a whole document; a syntax error names the line it was found on.
    static func parse(_ bytes: [UInt8], file: String) throws -> XMLTree {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw SourceError(file: file, reason: "malformed XML near line \(parser.lineNumber): \(reason)")
        }
        // Foundation's parser on Linux accepts a document cut short; its unclosed elements give it away.
        guard builder.stack.isEmpty else {
            throw SourceError(file: file, reason: "malformed XML near line \(parser.lineNumber): the document ends before </\(builder.stack.last!.name)> (truncated file?)")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var stack: [XMLTree] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let element = XMLTree(name: elementName, attributes: attributeDict)
            stack.last?.children.append(element)
            if root == nil { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += decodeText(CDATABlock)
        }
    }
}
