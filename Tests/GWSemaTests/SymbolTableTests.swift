import GWSyntax
import Testing

@testable import GWSema

/// The checker's name table: every declared name found, nothing else, across its growth.
@Suite("SymbolTable")
struct SymbolTableTests {
    @Test("finds every name of a program with many declarations, and no undeclared one")
    func findsEveryName() {
        let count = 3000
        var source = "gateway \"g\"\n"
        for index in 0..<count { source += "let n\(index) = \(index)\n" }
        // A name too long for a small string, and names that differ from others in one byte.
        source += "let a_rather_long_name_that_is_not_a_small_string = 1\nlet n10x = 2\nlet m10 = 3\n"
        let model = CheckFixtures.check(source)
        #expect(!model.diagnostics.hasErrors)
        let table = model.symbolTable
        #expect(table.symbols.count == count + 3)
        for (name, symbol) in model.symbols {
            #expect(table[name] === symbol, "\(name)")
            #expect(table.index(of: name).map { table.symbols[$0] } === symbol)
        }
        for missing in ["n\(count)", "n", "", "N1", "m1", "a_rather_long_name_that_is_not_a_small_strinG", "n10y"] {
            #expect(table[missing] == nil, "\(missing)")
        }
    }

    @Test("a table built from a dictionary holds the same symbols")
    func fromDictionary() {
        let model = CheckFixtures.check("gateway \"g\"\nlet a = 1\nlet b = a\nparam c: Int = 2\n")
        let table = SymbolTable(model.symbols)
        #expect(table.symbols.map(\.name.name) == ["a", "b", "c"])
        #expect(table["b"] === model.symbols["b"])
        #expect(table["d"] == nil)
        #expect(SymbolTable()["a"] == nil)
    }
}
