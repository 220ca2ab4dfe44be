export const id = 884;
export const ids = [884];
export const modules = {

/***/ 5884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reportResult: () => (/* binding */ reportResult)
});

// UNUSED EXPORTS: noteLines

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/ecs/primary-container.ts
var primary_container = __webpack_require__(5841);
// EXTERNAL MODULE: ./src/kit/failures.ts
var failures = __webpack_require__(6841);
// EXTERNAL MODULE: ./src/kit/sentences.ts
var sentences = __webpack_require__(3530);
;// CONCATENATED MODULE: ./src/report/annotation.ts

/**
 * An error annotation: what happened, the failed container's last log lines, then what to do.
 * core.error escapes the text (`%`, CR, LF) into one workflow-command line, so a quoted log
 * line can never be read by the runner as a command of its own.
 */
function annotationText(failure, lines, logUrl) {
    const parts = [failure.headline];
    if (lines.length > 0) {
        const what = lines.length === 1 ? 'line' : `${lines.length} lines`;
        parts[0] = `${failure.headline} Its last ${what}:`;
        parts.push(...lines.map((line) => `  ${line}`));
    }
    if (failure.advice)
        parts.push((0,sentences/* sentence */.em)(failure.advice));
    else if (logUrl && failure.container)
        parts.push(`Read its full log in CloudWatch: ${logUrl}`);
    return parts.join('\n');
}
/** GitHub shows 10 annotations of a kind (error, warning, notice) per step. */
const MAX_ANNOTATIONS_PER_KIND = 10;
/** Shards (or tasks) named in one annotation; the job summary has every one. */
const NAMED_IN_ANNOTATION = 50;
/**
 * The error annotations of many failures (shards, or more than GitHub shows): one per title
 * ("ECS task failed", "Task not started", …), quoting the first failure of that title with its
 * container's last lines and naming every other shard that failed so; past
 * MAX_ANNOTATIONS_PER_KIND titles, the rest join the last one.
 */
function groupedAnnotations(failures, fallbackTitle, detail) {
    const byTitle = new Map();
    for (const failure of failures) {
        const title = failure.title ?? fallbackTitle;
        const group = byTitle.get(title);
        if (group)
            group.push(failure);
        else
            byTitle.set(title, [failure]);
    }
    const groups = [...byTitle.entries()];
    if (groups.length > MAX_ANNOTATIONS_PER_KIND) {
        const rest = groups.splice(MAX_ANNOTATIONS_PER_KIND - 1);
        groups.push([rest[0][0], rest.flatMap(([, group]) => group)]);
    }
    return groups.map(([title, [first, ...others]]) => {
        const text = annotationText(first, detail.lines(first), detail.logUrl(first));
        if (others.length === 0)
            return { title, text };
        return { title, text: `${text}\n${alsoFailed(others, detail.shardOf)}` };
    });
}
/** "Also failed: shards 4, 9 and 12." (tasks by id when not shards), at most 50 named. */
function alsoFailed(failures, shardOf) {
    const shards = new Set();
    const tasks = new Set();
    for (const f of failures) {
        const shard = f.taskArn === undefined ? undefined : shardOf(f.taskArn);
        if (shard !== undefined)
            shards.add(shard);
        else if (f.taskArn)
            tasks.add(f.taskArn.split('/').pop() ?? f.taskArn);
    }
    const names = [
        ...[...shards].sort((a, b) => a - b).map((shard) => `shard ${shard}`),
        ...[...tasks].map((id) => `task ${id}`)
    ];
    const shown = names.slice(0, NAMED_IN_ANNOTATION);
    const more = names.length - shown.length;
    const list = more > 0 ? `${shown.join(', ')} and ${more} more` : joinAnd(shown);
    return `Also failed (${names.length}): ${list}. The job summary lists each.`;
}
function joinAnd(names) {
    if (names.length <= 1)
        return names.join('');
    return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

// EXTERNAL MODULE: ./src/report/verdict.ts
var report_verdict = __webpack_require__(687);
// EXTERNAL MODULE: ./src/kit/links.ts
var links = __webpack_require__(6933);
;// CONCATENATED MODULE: ./src/report/result.ts






/**
 * The end of a run whose tasks stopped (docs/behaviour.md): the verdict, one annotation per
 * failure (quoting a failed container's last lines) and the job summary (the outputs are
 * run/finish.ts's). Throws ReportedFailure when the step fails.
 */
async function reportResult(options) {
    const { attempts } = options;
    const tasks = options.rows
        .map((r) => r.task)
        .filter((task) => attempts?.last(task.taskArn ?? '') ?? true);
    const primaryOf = (task) => (0,primary_container/* primaryOfTask */.RG)(task, { name: options.container, ...optionalCandidates(options) });
    const container = tasks[0] ? primaryOf(tasks[0]) : options.container;
    if (container !== options.container)
        sayDecided(options, container);
    const { timedOut, shortfall } = options.known ?? {};
    // After a wait-timeout the action stopped the tasks itself: their exit codes say nothing.
    const judgement = timedOut ? undefined : (0,report_verdict/* judge */.S4)(tasks, options.essential, primaryOf);
    const judged = judgement
        ? [...judgement.failures.map((f) => attempts?.amend(f) ?? f), ...(attempts?.failures ?? [])]
        : timedOut
            ? [timedOut]
            : [];
    const notes = judgement?.notes ?? [];
    const shardOf = new Map(options.rows.map((r) => [r.task.taskArn ?? '', r.shard]));
    for (const line of noteLines(notes, tasks.length, (arn) => shardOf.get(arn)))
        core/* info */.pq(line);
    const verdict = (0,report_verdict/* verdictOf */.Vj)(shortfall ? [shortfall, ...judged] : judged, notes);
    const title = verdict.ok
        ? tasks.length > 1
            ? 'ECS tasks succeeded'
            : 'ECS task succeeded'
        : ((judged[0] ?? shortfall)?.title ?? failures/* Title */.hE.failed);
    await options.summary
        .write({
        status: verdict.ok ? 'succeeded' : 'failed',
        title,
        rows: withSentReasons(options.rows, options.sentReasons),
        failures: verdict.failures,
        ...(options.unstarted?.length ? { unstarted: options.unstarted } : {}),
        notes,
        lastLines: options.lastLines
    })
        .catch((error) => core/* warning */.$e(`Could not write the job summary: ${String(error)}`));
    if (!verdict.ok) {
        const shards = new Map(options.rows.map((r) => [r.task.taskArn ?? '', r.shard]));
        const sharded = options.rows.some((r) => r.shard !== undefined);
        if (sharded || verdict.failures.length > MAX_ANNOTATIONS_PER_KIND) {
            // One per title, naming the rest: GitHub shows 10 annotations of a kind per step.
            const grouped = groupedAnnotations(verdict.failures, failures/* Title */.hE.failed, {
                shardOf: (arn) => shards.get(arn),
                lines: (f) => (f.taskArn && f.container ? options.lastLines(f.taskArn, f.container) : []),
                logUrl: (f) => f.taskArn && f.container ? options.logUrl(f.taskArn, f.container) : undefined
            });
            for (const { title, text } of grouped)
                core/* error */.z3(text, { title });
            throw new failures/* ReportedFailure */.g7(verdict.problems.join(' '));
        }
        for (const failure of verdict.failures) {
            const { taskArn, container } = failure;
            const lines = taskArn && container ? options.lastLines(taskArn, container) : [];
            const logUrl = taskArn && container ? options.logUrl(taskArn, container) : undefined;
            core/* error */.z3(annotationText(failure, lines, logUrl), { title: failure.title ?? failures/* Title */.hE.failed });
        }
        throw new failures/* ReportedFailure */.g7(verdict.problems.join(' '));
    }
    const what = tasks.length > 1 ? `all ${tasks.length} tasks` : 'the task';
    core/* info */.pq(notes.length > 0
        ? `Success: ${container} exited 0 in ${what}; every other essential container ` +
            'exited 0 or was stopped with the task.'
        : `Success: every essential container of ${what} exited 0.`);
}
/**
 * The notes' log lines: as written for one task; for several, one line per distinct note naming
 * the shards (or tasks) it is about, so 30 shards' sidecars stopped with their tasks are three
 * lines that say which shards, not 90 that do not.
 */
function noteLines(notes, taskCount, shardOf) {
    if (taskCount <= 1 && notes.every((n) => shardOf(n.taskArn) === undefined)) {
        return notes.map((n) => n.text);
    }
    const groups = new Map();
    for (const note of notes)
        groups.set(note.text, [...(groups.get(note.text) ?? []), note]);
    return [...groups].map(([text, group]) => {
        const shards = group.map((n) => shardOf(n.taskArn)).filter((s) => s !== undefined);
        const who = shards.length === group.length
            ? `${shards.length === 1 ? 'Shard' : 'Shards'} ${ranges(shards)}`
            : `${group.length === 1 ? 'Task' : 'Tasks'} ${group.map((n) => (0,links/* taskId */.BS)(n.taskArn)).join(', ')}`;
        return `${who}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
    });
}
/** 0, 1, 2, 3, 7 → "0-3, 7". */
function ranges(indexes) {
    const sorted = [...new Set(indexes)].sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i < sorted.length; i++) {
        const start = sorted[i];
        while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1)
            i++;
        parts.push(sorted[i] === start ? String(start) : `${start}-${sorted[i]}`);
    }
    return parts.join(', ');
}
function optionalCandidates(options) {
    return options.candidates ? { candidates: options.candidates } : {};
}
/**
 * The first candidate did not decide (ECS stopped it with the task): the log and the summary
 * follow the container that did (and `exit-code` and `log-url`, in run/finish.ts).
 */
function sayDecided(options, container) {
    const others = (options.candidates ?? []).filter((name) => name !== container);
    core/* info */.pq(`Primary container for the verdict: ${container}, the first of ` +
        `${(options.candidates ?? []).join(', ')} that exited on its own ` +
        `(${others.join(', ')} did not: stopped with the task or never ran).`);
    options.summary.primaryIs(container);
}
/** Rows of tasks the action stopped itself, not yet seen STOPPED, show the reason it sent. */
function withSentReasons(rows, sentReasons) {
    return rows.map((row) => {
        const sent = sentReasons?.get(row.task.taskArn ?? '');
        if (sent === undefined || row.task.stoppedReason)
            return row;
        return { ...row, task: { ...row.task, stoppedReason: sent } };
    });
}


/***/ })

};
