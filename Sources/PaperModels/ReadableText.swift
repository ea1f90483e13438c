import Foundation

/// Display forms of paper text, shared by the terminal and the web pages.
public enum ReadableText {
    /// `A. One, B. Two, C. Three et al. (12 authors)`.
    public static func shortAuthors(_ authors: [String], limit: Int = 3) -> String {
        guard authors.count > limit else { return authors.joined(separator: ", ") }
        return authors.prefix(limit).joined(separator: ", ") + " et al. (\(authors.count) authors)"
    }

    /// Titles and abstracts with their inline LaTeX made readable as plain text: `$\alpha$-stable`
    /// → `α-stable`, `\emph{new}` → `new`, `O(n^{2})` → `O(n^2)`, `\%` → `%`. What is not understood
    /// stays as written, so nothing is lost.
    public static func latex(_ text: String) -> String {
        // A byte scan: Foundation's `contains` bridged to NSString and was a tenth of a feed page.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "{") }) else { return text }
        var out = ""
        var chars = Array(text)[...]
        while let ch = chars.popFirst() {
            switch ch {
            case "$": continue
            case "\\":
                let name = chars.prefix { $0.isASCII && $0.isLetter }
                if name.isEmpty {
                    // `\%`, `\&`, `\_`: the character itself; accents (`\'e`) are left for decodeLaTeX.
                    if let next = chars.first, "%&_#$ ".contains(next) { out.append(next); chars.removeFirst() } else { out.append(ch) }
                    continue
                }
                chars = chars.dropFirst(name.count)
                let command = String(name)
                if let symbol = symbols[command] {
                    out += symbol
                } else if !wrappers.contains(command) {
                    out += "\\" + command
                }
            default: out.append(ch)
            }
        }
        // Accented letters (`\'e`, `{\"o}`), then the braces that only grouped.
        return AuthorNames.decodeLaTeX(out).filter { $0 != "{" && $0 != "}" }
    }

    /// Commands whose argument is shown as plain text.
    private static let wrappers: Set<String> = [
        "emph", "textit", "textbf", "texttt", "textrm", "textsc", "textsf", "mathrm", "mathbf", "mathit", "mathsf",
        "mathtt", "mathcal", "mathbb", "mathfrak", "boldsymbol", "text", "operatorname", "mbox", "url", "left", "right",
    ]

    private static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ",
        "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
        "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
        "approx": "≈", "sim": "∼", "simeq": "≃", "propto": "∝", "infty": "∞", "partial": "∂", "nabla": "∇",
        "sum": "∑", "prod": "∏", "int": "∫", "sqrt": "√", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆",
        "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃", "to": "→", "rightarrow": "→", "leftarrow": "←",
        "Rightarrow": "⇒", "leftrightarrow": "↔", "mapsto": "↦", "ll": "≪", "gg": "≫", "ldots": "…", "dots": "…",
        "cdots": "⋯", "circ": "∘", "star": "⋆", "ell": "ℓ", "hbar": "ħ", "log": "log", "exp": "exp", "sin": "sin",
        "cos": "cos", "max": "max", "min": "min", "lim": "lim", "quad": " ", "qquad": "  ", "LaTeX": "LaTeX", "TeX": "TeX",
    ]
}
