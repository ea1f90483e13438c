extension HNSWIndex {
    public func save(to path: String) throws {
        try withGraph { graph, efSearch in
            let n = graph.nodeCount
            let header = IndexFile.Header(kind: .hnsw, dimension: dimension, count: n, m: graph.m,
                                          efConstruction: graph.efConstruction, efSearch: efSearch ?? 0,  // 0: by size
                                          entryPoint: graph.entryPoint, maxLevel: Int32(graph.maxLevel), levelState: graph.seed)
            try IndexFile.write(to: path, header: header) { writer in
                try writer.put(graph.ids.base, count: n)
                try writer.put(graph.vectors.base, count: n * dimension)
                try writer.put(graph.deleted.base, count: n)
                try writer.put(graph.levels.base, count: n)
                try writer.put(graph.level0.base, count: n * graph.listStride0)
                for node in 0..<n {
                    if let lists = graph.upper[node] {
                        try writer.put(lists, count: Int(graph.levels[node]) * graph.listStrideUpper)
                    }
                }
            }
        }
    }

    /// Reads an index that `save` wrote. Throws `VectorIndexError.corruptFile` when the file is
    /// truncated, damaged or not an HNSW index; every link is checked before it can be followed.
    public static func load(from path: String, buildThreads: Int? = nil) throws -> HNSWIndex {
        try IndexFile.read(from: path) { header, reader in
            guard header.kind == .hnsw else { throw VectorIndexError.corruptFile("not an HNSW index") }
            return try decode(header, &reader, buildThreads: buildThreads)
        }
    }

    static func decode(_ header: IndexFile.Header, _ reader: inout IndexFile.Reader, buildThreads: Int?) throws -> HNSWIndex {
        var parameters = HNSWParameters()
        parameters.m = header.m
        parameters.efConstruction = header.efConstruction
        parameters.efSearch = header.efSearch == 0 ? nil : header.efSearch
        parameters.seed = header.levelState
        if let buildThreads { parameters.buildThreads = buildThreads }
        do { try parameters.validate() } catch { throw VectorIndexError.corruptFile("bad parameters in header") }
        let n = header.count, d = header.dimension
        // ids, vectors, flags, levels and level-0 lists, before allocating for them.
        try reader.require(n * (2 + d + 1 + 1 + 2 * header.m), of: UInt32.self)
        let index = try HNSWIndex(dimension: d, parameters: parameters, capacity: n)
        let graph = index.graph
        try reader.take(into: graph.ids.base, count: n)
        try reader.take(into: graph.vectors.base, count: n * d)
        try reader.take(into: graph.deleted.base, count: n)
        try reader.take(into: graph.levels.base, count: n)
        try reader.take(into: graph.level0.base, count: n * graph.listStride0)
        let maxLevel = Int(header.maxLevel)
        guard (n == 0 && maxLevel == -1) || (n > 0 && Int(header.entryPoint) < n
              && Int(graph.levels[Int(header.entryPoint)]) == maxLevel) else {
            throw VectorIndexError.corruptFile("bad entry point")
        }
        for node in 0..<n {
            let levels = Int(graph.levels[node])
            guard levels <= maxLevel else { throw VectorIndexError.corruptFile("node \(node) above the top level") }
            guard levels > 0 else { continue }
            let count = levels * graph.listStrideUpper
            try reader.require(count, of: UInt32.self)
            let lists = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
            graph.upper[node] = lists  // owned by the graph from here, freed with it
            try reader.take(into: lists, count: count)
        }
        graph.adoptLoadedNodes(n)
        try validateLinks(graph)
        for node in 0..<n where graph.deleted[node] == 0 {
            guard graph.nodeOf.updateValue(UInt32(node), forKey: graph.ids[node]) == nil else {
                throw VectorIndexError.corruptFile("id \(graph.ids[node]) stored twice")
            }
        }
        graph.entryPoint = header.entryPoint
        graph.maxLevel = maxLevel
        return index
    }

    /// Every list within its length, every link to an existing node that has the list's level.
    private static func validateLinks(_ graph: HNSWGraph) throws {
        let n = graph.nodeCount
        for node in 0..<n {
            for level in 0...Int(graph.levels[node]) {
                let list = graph.links(UInt32(node), level)
                let count = Int(list[0])
                guard count <= (level == 0 ? graph.maxM0 : graph.m) else { throw VectorIndexError.corruptFile("list too long") }
                for i in 0..<count {
                    let target = Int(list[1 + i])
                    guard target < n, Int(graph.levels[target]) >= level else {
                        throw VectorIndexError.corruptFile("bad link from node \(node)")
                    }
                }
            }
        }
    }
}
