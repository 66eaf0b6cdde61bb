#if canImport(Glibc)
import Glibc
#endif

/// Allocator settings for `gwpipe check`, which builds one large syntax tree, model and plan in a
/// few hundred milliseconds and exits.
///
/// The check runs on a worker thread, and glibc grows a worker thread's arena one page at a time
/// with an `mprotect` call each (its `M_TOP_PAD` only applies to the main arena and to new heaps):
/// checking 10k routes made 9,700 such calls, a tenth of the whole process's time. Reserving the
/// arena's address space once, keeping it when blocks are freed, and letting arrays of up to
/// 32 MB come from the arena (so the token array's pages are reused once the parser drops it)
/// turns that into a few calls. That reserved space is also marked for transparent huge pages, so
/// it is faulted in 2 MB at a time (a 2 MB page once touched is resident whole, so the resident
/// size grows by a few MB). Outside glibc this does nothing.
enum CheckMemory {
    private typealias MalloptFunction = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocFunction = @convention(c) (Int) -> UnsafeMutableRawPointer?
    private typealias FreeFunction = @convention(c) (UnsafeMutableRawPointer?) -> Void

    // The `mallopt` parameters of <malloc.h>, which Swift's Glibc module does not export.
    private static let trimThreshold: Int32 = -1
    private static let topPad: Int32 = -2
    private static let mmapThreshold: Int32 = -3

    /// Applies the settings once per process (later calls do nothing).
    static func prepare() {
        _ = prepared
    }

    private static let prepared: Bool = {
        #if canImport(Glibc)
        // Looked up at run time: <malloc.h> is not part of the Glibc module, and the optimiser
        // would remove a `malloc` whose block is only freed.
        let process = UnsafeMutableRawPointer(bitPattern: 0)
        guard let malloptSymbol = dlsym(process, "mallopt"), let mallocSymbol = dlsym(process, "malloc"),
            let freeSymbol = dlsym(process, "free")
        else { return false }
        let mallopt = unsafeBitCast(malloptSymbol, to: MalloptFunction.self)
        let allocate = unsafeBitCast(mallocSymbol, to: MallocFunction.self)
        let release = unsafeBitCast(freeSymbol, to: FreeFunction.self)
        // A glibc heap is at most 64 MB: new heaps get the whole pad at once.
        guard mallopt(topPad, 64 << 20) == 1, mallopt(trimThreshold, 1 << 30) == 1,
            mallopt(mmapThreshold, 32 << 20) == 1
        else { return false }
        // Grow this thread's current heap to its size in two steps (a block must stay under the
        // mmap threshold to come from the heap); freed, the space stays in the arena.
        let first = allocate(30 << 20)
        let second = allocate(30 << 20)
        // Ask for transparent huge pages there (`madvise` mode, the usual default): the kernel then
        // faults the tree in 2 MB at a time instead of 4 KB. Page faults were 15% of checking 10k
        // routes (17.6k faults); refused or unsupported, nothing changes.
        adviseHugePages(first, count: 30 << 20)
        adviseHugePages(second, count: 30 << 20)
        release(second)
        release(first)
        return true
        #else
        return false
        #endif
    }()

    #if canImport(Glibc)
    /// `MADV_HUGEPAGE` for the whole pages inside `count` bytes at `block`.
    private static func adviseHugePages(_ block: UnsafeMutableRawPointer?, count: Int) {
        guard let block else { return }
        let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
        let start = (Int(bitPattern: block) + page - 1) / page * page
        let end = (Int(bitPattern: block) + count) / page * page
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
    }
    #endif
}
