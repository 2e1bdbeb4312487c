extension LoadedConfiguration {
    /// The value of the key at `path` (``ConfigurationKey/path``) with what gave it, in the user's words, for a
    /// message about that value to name: the flag (`-m 100`), the file's line and key (`prx.yaml:3: limits.max_workers
    /// 100`), the default (`limits.max_workers 4 (default)`), or the cap that held it (`limits.max_allowed_workers 50
    /// (script: /opt/prx/cfg/prx.yaml)`, ``heldToCaps``), whatever asked for more.
    func askedValue(of path: String) -> String {
        guard let key = ConfigurationKey.named(path) else { return path }
        let value = key.text(in: effective)
        if let held = heldToCaps[path], let cap = ConfigurationKey.named(held.capPath)?.integer(in: effective) {
            return described(held.capPath, cap)
        }
        return switch source(of: path) {
        case .defaultValue: "\(path) \(value) (default)"
        case .flag(let flag): "\(flag) \(value)"
        case let file: "\(file.location): \(path) \(value)"
        }
    }
}
