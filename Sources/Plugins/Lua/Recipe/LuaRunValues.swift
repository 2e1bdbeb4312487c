import PRXKernel

/// The tables a recipe's Lua functions receive for the run's values: a task, a result, the running totals, the
/// summary. Field names are the documented contract of `docs/RECIPES.md`.
enum LuaRunValues {
    /// `{ name, argv, cwd, env, attempt, worker }` for a task about to start (`attempt` and `worker` only then).
    static func task(_ task: TaskSpec, attempt: Int? = nil, workerID: Int? = nil) -> LuaValue {
        var map: [LuaKey: LuaValue] = [
            "name": .string(task.label),
            "argv": .table(LuaTable(array: task.argv.map { .string($0) })),
            "env": .table(LuaTable(map: Dictionary(uniqueKeysWithValues: task.environment.map {
                (LuaKey.string($0.key), LuaValue.string($0.value))
            }))),
        ]
        if let directory = task.workingDirectory { map["cwd"] = .string(directory) }
        if let attempt { map["attempt"] = .integer(Int64(attempt)) }
        if let workerID { map["worker"] = .integer(Int64(workerID)) }
        return .table(LuaTable(map: map))
    }

    /// `{ job_id, host, attempt }` for where an attempt runs, as its executor reported it; `job_id` and `host` are
    /// absent while the executor does not know them.
    static func placement(_ placement: TaskPlacement) -> LuaValue {
        var map: [LuaKey: LuaValue] = ["attempt": .integer(Int64(placement.attempt))]
        if let jobID = placement.jobID { map["job_id"] = .string(jobID) }
        if let host = placement.host { map["host"] = .string(host) }
        return .table(LuaTable(map: map))
    }

    /// `{ name, status, exit_code, stdout, stderr, duration, attempts, message }` for a finished task;
    /// `exit_code` and `message` are absent when there is none.
    static func result(_ result: TaskResult) -> LuaValue {
        var map: [LuaKey: LuaValue] = [
            "name": .string(result.task.label),
            "status": .string(result.status.rawValue),
            "stdout": .string(result.stdoutTail),
            "stderr": .string(result.stderrTail),
            "duration": .number(result.duration),
            "attempts": .integer(Int64(result.attempts)),
        ]
        if let code = result.exitCode { map["exit_code"] = .integer(Int64(code)) }
        if let message = result.message { map["message"] = .string(message) }
        return .table(LuaTable(map: map))
    }

    /// The running totals a stop function reads, `last` being the result just recorded.
    static func statistics(_ statistics: RunStatistics, last: TaskResult) -> LuaValue {
        var map = counts(statistics)
        map["consecutive_failures"] = .integer(Int64(statistics.consecutiveFailures))
        map["running"] = .integer(Int64(statistics.running))
        map["pending"] = .integer(Int64(statistics.pending))
        map["elapsed"] = .number(statistics.elapsed)
        map["last"] = result(last)
        return .table(LuaTable(map: map))
    }

    /// The summary `on_done` receives: the final counts, `elapsed`, `halt_reason`, `interrupted`, `all_succeeded`.
    static func summary(_ summary: RunSummary) -> LuaValue {
        var map = counts(summary.statistics)
        map["elapsed"] = .number(summary.endTime.timeIntervalSince(summary.startTime))
        map["interrupted"] = .boolean(summary.interrupted)
        map["all_succeeded"] = .boolean(summary.allSucceeded)
        if let reason = summary.haltReason { map["halt_reason"] = .string(reason) }
        return .table(LuaTable(map: map))
    }

    /// `finished`, one count per status (``StatusCounts/names``) and `failures`, as the `--json` summary line names
    /// them.
    private static func counts(_ statistics: RunStatistics) -> [LuaKey: LuaValue] {
        let counts = statistics.counts
        var map: [LuaKey: LuaValue] = [
            "finished": .integer(Int64(statistics.finished)),
            .string(StatusCounts.failuresName): .integer(Int64(counts.failures)),
        ]
        for (status, name) in StatusCounts.names {
            map[.string(name)] = .integer(Int64(counts[status]))
        }
        return map
    }
}
