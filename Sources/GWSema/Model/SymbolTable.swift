/// The declared names of a program, for the checker's and the plan builder's name lookups.
///
/// A name is resolved to its symbol's index in `symbols` by a small open-addressed table keyed by
/// an FNV-1a hash of the name's UTF-8 bytes. `[String: Symbol]` hashed every looked-up name with
/// SipHash (~460 instructions a lookup, ~225k lookups for a 10k-route file); names are short, so
/// FNV over their bytes plus one string comparison costs a fraction of that. The hash is not
/// seeded: a file built to collide only slows down checking itself.
public struct SymbolTable: Sendable {
    /// Every symbol, in the order it was added (declaration order when built by the checker).
    public private(set) var symbols: [Symbol] = []
    /// Per slot: the name's hash in the high 32 bits and its symbol index + 1 in the low 32 bits;
    /// 0 is an empty slot. The count is a power of two, at most half full.
    private var slots: [UInt64]

    public init() {
        slots = [UInt64](repeating: 0, count: 16)
    }

    /// A table of the dictionary's symbols (in name order, so candidates come out the same every run).
    public init(_ symbols: [String: Symbol]) {
        self.init()
        for name in symbols.keys.sorted() { add(symbols[name]!) }
    }

    public var isEmpty: Bool { symbols.isEmpty }

    /// The symbol declared as `name`, or nil.
    public subscript(name: String) -> Symbol? {
        guard let index = index(of: name) else { return nil }
        return symbols[index]
    }

    /// The index in `symbols` of the symbol declared as `name`, or nil.
    public func index(of name: String) -> Int? {
        let hash = SymbolTable.hash(name)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = UInt64(hash) << 32
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if symbols[index].name.name == name { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `symbol` under its name; the caller has checked that the name is not taken.
    public mutating func add(_ symbol: Symbol) {
        symbols.append(symbol)
        if symbols.count * 2 > slots.count {
            slots = [UInt64](repeating: 0, count: slots.count * 2)
            for index in symbols.indices { insert(index) }
        } else {
            insert(symbols.count - 1)
        }
    }

    private mutating func insert(_ index: Int) {
        let hash = SymbolTable.hash(symbols[index].name.name)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt64(hash) << 32 | UInt64(index + 1)
    }

    /// 32-bit FNV-1a of the name's UTF-8 bytes, folded so the low bits that pick a slot see every byte.
    static func hash(_ name: String) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        if let done = name.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
            var h = hash
            for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return h
        }) {
            hash = done
        } else {
            for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
    }
}
