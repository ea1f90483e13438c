import Testing
import PaperModels

/// Author strings are copied from the fixtures (Kaggle snapshot, .abs files, listing e-mails).
@Suite("AuthorNames")
struct AuthorNamesTests {
    @Test func commaListWithLaTeXAccent() {
        #expect(AuthorNames.split("C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan")
                == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(AuthorNames.split("Marcello Bernardara, Emanuele Macr\\`i, Benjamin Schmidt, Xiaolei Zhao")
                == ["Marcello Bernardara", "Emanuele Macrì", "Benjamin Schmidt", "Xiaolei Zhao"])
    }

    @Test func decodedNamesArePrecomposed() throws {
        let names = AuthorNames.split("C. Bal\\'azs")
        let name = try #require(names.first)
        #expect(Array(name.unicodeScalars) == Array("C. Bal\u{E1}zs".unicodeScalars))
    }

    @Test func andSeparators() {
        #expect(AuthorNames.split("Salman Habib and Robert D. Ryne") == ["Salman Habib", "Robert D. Ryne"])
        #expect(AuthorNames.split("Pieter M. van Staden and Peter A. Forsyth and Yuying Li")
                == ["Pieter M. van Staden", "Peter A. Forsyth", "Yuying Li"])
        #expect(AuthorNames.split("A.A. Serga, M. Kostylev, and B. Hillebrands") == ["A.A. Serga", "M. Kostylev", "B. Hillebrands"])
        #expect(AuthorNames.split("Jacob Devlin, Ming-Wei Chang, Kenton Lee, and Kristina Toutanova")
                == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"])
        #expect(AuthorNames.split("Alexander Anderson and Brandon Sand") == ["Alexander Anderson", "Brandon Sand"])
    }

    @Test func affiliationsInParenthesesAreDropped() {
        #expect(AuthorNames.split("Patrick L. Nash (University of Texas at San Antonio)") == ["Patrick L. Nash"])
        let nested = "A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, Japan Science and Technology Agency, (2) Russian Research Centre ``Kurchatov Institute'', (3) The University of Tokyo)"
        #expect(AuthorNames.split(nested) == ["A. S. Mishchenko", "N. Nagaosa"])
        #expect(AuthorNames.split("R.B.Palmer, J.C.Gallardo, Y.Torun (BNL), M.Syphers") == ["R.B.Palmer", "J.C.Gallardo", "Y.Torun", "M.Syphers"])
    }

    @Test func namesBrokenAcrossLines() {
        let text = "G. Angora, P. Rosati, M. Meneghetti, M. Brescia, A. Mercurio, C.\n  Grillo, P. Bergamini"
        #expect(AuthorNames.split(text) == ["G. Angora", "P. Rosati", "M. Meneghetti", "M. Brescia", "A. Mercurio", "C. Grillo", "P. Bergamini"])
    }

    @Test func etAlIsNotAnAuthor() {
        #expect(AuthorNames.split("The BABAR Collaboration, B. Aubert, et al") == ["The BABAR Collaboration", "B. Aubert"])
        #expect(AuthorNames.split("B. Aubert et al.") == ["B. Aubert"])
    }

    @Test func collaborationPrefix() {
        #expect(AuthorNames.split("D0 Collaboration: V. Abazov, et al") == ["D0 Collaboration", "V. Abazov"])
        #expect(AuthorNames.split("The CMS and LHCb Collaborations: V. Khachatryan, A.M. Sirunyan, J. Er\\\"o")
                == ["The CMS and LHCb Collaborations", "V. Khachatryan", "A.M. Sirunyan", "J. Erö"])
    }

    @Test func emptyInput() {
        #expect(AuthorNames.split("") == [])
        #expect(AuthorNames.split(" , and ") == [])
    }

    @Test func latexAccents() {
        #expect(AuthorNames.decodeLaTeX("Bal\\'azs") == "Balázs")
        #expect(AuthorNames.decodeLaTeX("Macr\\`i") == "Macrì")
        #expect(AuthorNames.decodeLaTeX("G{\\\"o}del") == "Gödel")
        #expect(AuthorNames.decodeLaTeX("R. Fr\\\"uhwirth") == "R. Frühwirth")
        #expect(AuthorNames.decodeLaTeX("Fran\\c{c}ois") == "François")
        #expect(AuthorNames.decodeLaTeX("Pe\\~na") == "Peña")
        #expect(AuthorNames.decodeLaTeX("Ko\\v{s}ice") == "Košice")
        #expect(AuthorNames.decodeLaTeX("Erd\\H{o}s") == "Erdős")
        #expect(AuthorNames.decodeLaTeX("\\'Etienne") == "Étienne")
        #expect(AuthorNames.decodeLaTeX("A. L\\'eonard, L. Perni\\`e") == "A. Léonard, L. Perniè")
    }

    @Test func dotlessIAndLetterCommands() {
        #expect(AuthorNames.decodeLaTeX("Mart\\'{\\i}nez") == "Martínez")
        #expect(AuthorNames.decodeLaTeX("Mart\\'\\i nez") == "Martínez")
        #expect(AuthorNames.decodeLaTeX("Wac{\\l}aw") == "Wacław")
        #expect(AuthorNames.decodeLaTeX("{\\L}ukasz") == "Łukasz")
        #expect(AuthorNames.decodeLaTeX("J{\\o}rgensen") == "Jørgensen")
        #expect(AuthorNames.decodeLaTeX("Stra{\\ss}e") == "Straße")
        #expect(AuthorNames.decodeLaTeX("{\\AA}ngstr{\\\"o}m") == "Ångström")
    }

    @Test func otherLaTeXIsLeftAsWritten() {
        #expect(AuthorNames.decodeLaTeX("$a \\cdot b$") == "$a \\cdot b$")
        #expect(AuthorNames.decodeLaTeX("$\\log n$") == "$\\log n$")
        #expect(AuthorNames.decodeLaTeX("plain name") == "plain name")
    }

    @Test func fromKaggleAuthorsParsed() {
        #expect(AuthorNames.fromParsed(["Bal\u{E1}zs", "C.", ""]) == "C. Balázs")
        #expect(AuthorNames.fromParsed(["Evans", "Neal J.", "II"]) == "Neal J. Evans II")
        #expect(AuthorNames.fromParsed(["Sudha", "", ""]) == "Sudha")
        #expect(AuthorNames.fromParsed(["The BABAR Collaboration", "", ""]) == "The BABAR Collaboration")
        #expect(AuthorNames.fromParsed(["van der Tak", "Floris", "", "SRON Groningen"]) == "Floris van der Tak")
        #expect(AuthorNames.fromParsed([]) == "")
    }

    @Test func kaggleSpacedHyphenatedInitials() {
        // authors_parsed writes "C.-P." as "C. -P." (0704.0001, 0704.0027, 0704.0093).
        #expect(AuthorNames.fromParsed(["Yuan", "C. -P.", ""]) == "C.-P. Yuan")
        #expect(AuthorNames.fromParsed(["Fuchs", "J. -N.", ""]) == "J.-N. Fuchs")
        // Other hyphens and spaces stay as written.
        #expect(AuthorNames.fromParsed(["Li", "Fei-Fei", ""]) == "Fei-Fei Li")
        #expect(AuthorNames.fromParsed(["Curie-Sklodowska", "J.-P.", ""]) == "J.-P. Curie-Sklodowska")
        #expect(AuthorNames.fromParsed(["Yuan", "C. -", ""]) == "C.- Yuan")
    }
}
