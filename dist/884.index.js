export const id = 884;
export const ids = [884];
export const modules = {

/***/ 5884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reportResult: () => (/* binding */ reportResult)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
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

// EXTERNAL MODULE: ./src/report/end-outputs.ts
var end_outputs = __webpack_require__(9468);
// EXTERNAL MODULE: ./src/report/verdict.ts
var report_verdict = __webpack_require__(687);
;// CONCATENATED MODULE: ./src/report/result.ts





/**
 * The contract's steps 5 and 6 once the tasks stopped: the exit-code and stopped-reason outputs,
 * the verdict, one annotation per failure (quoting a failed container's last lines) and the job
 * summary. Throws ReportedFailure when the step fails.
 */
async function reportResult(options) {
    const { attempts } = options;
    const tasks = options.rows
        .map((r) => r.task)
        .filter((task) => attempts?.last(task.taskArn ?? '') ?? true);
    (0,end_outputs/* publishEndOutputs */.F)(tasks[0], options.container, options.sentReasons);
    const { timedOut, shortfall } = options.known ?? {};
    // After a wait-timeout the action stopped the tasks itself: their exit codes say nothing.
    const judged = timedOut
        ? [timedOut]
        : [
            ...(0,report_verdict/* judge */.S4)(tasks, options.essential).failures.map((f) => attempts?.amend(f) ?? f),
            ...(attempts?.failures ?? [])
        ];
    const verdict = (0,report_verdict/* verdictOf */.Vj)(shortfall ? [shortfall, ...judged] : judged);
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
        lastLines: options.lastLines
    })
        .catch((error) => core/* warning */.$e(`Could not write the job summary: ${String(error)}`));
    if (!verdict.ok) {
        for (const failure of verdict.failures) {
            const { taskArn, container } = failure;
            const lines = taskArn && container ? options.lastLines(taskArn, container) : [];
            const logUrl = taskArn && container ? options.logUrl(taskArn, container) : undefined;
            core/* error */.z3(annotationText(failure, lines, logUrl), { title: failure.title ?? failures/* Title */.hE.failed });
        }
        throw new failures/* ReportedFailure */.g7(verdict.problems.join(' '));
    }
    const what = tasks.length > 1 ? `all ${tasks.length} tasks` : 'the task';
    core/* info */.pq(`Success: every essential container of ${what} exited 0.`);
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


/***/ }),

/***/ 687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S4: () => (/* binding */ judge),
/* harmony export */   Vj: () => (/* binding */ verdictOf),
/* harmony export */   _T: () => (/* binding */ distinctReasons),
/* harmony export */   fI: () => (/* binding */ problemText)
/* harmony export */ });
/* harmony import */ var _kit_links_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6933);
/* harmony import */ var _kit_sentences_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3530);


function problemText(failure) {
    return (0,_kit_sentences_js__WEBPACK_IMPORTED_MODULE_0__/* .joinSentences */ .DP)(failure.headline, failure.advice);
}
function verdictOf(failures) {
    return { ok: failures.length === 0, problems: failures.map(problemText), failures };
}
/**
 * Success only when every task stopped and every essential container exited 0. A
 * container without an exit code never ran (or was killed before reporting): that is a
 * failure, quoting why ECS stopped the task. So is an essential container DescribeTasks does
 * not report at all: nothing says it exited 0.
 */
function judge(tasks, essential) {
    const failures = [];
    for (const task of tasks) {
        const taskArn = task.taskArn ?? '';
        const id = (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_1__/* .taskId */ .BS)(taskArn);
        if (task.lastStatus !== 'STOPPED') {
            failures.push({
                taskArn,
                headline: `Task ${id} did not stop (last status ${task.lastStatus ?? 'unknown'}).`
            });
            continue;
        }
        const reported = new Set((task.containers ?? []).map((c) => c.name ?? ''));
        for (const name of essential) {
            if (reported.has(name))
                continue;
            failures.push({
                taskArn,
                container: name,
                headline: `Task ${id}: essential container ${name} is not in ECS's description of the task ` +
                    `(DescribeTasks), so whether it ran and how it exited is unknown.`
            });
        }
        for (const container of task.containers ?? []) {
            const name = container.name ?? '';
            if (!essential.has(name))
                continue;
            const exitCode = container.exitCode ?? undefined;
            if (exitCode === undefined) {
                const why = distinctReasons(task.stoppedReason, container.reason).map(_kit_sentences_js__WEBPACK_IMPORTED_MODULE_0__/* .clause */ .sb).join(': ');
                failures.push({
                    taskArn,
                    container: name,
                    headline: `Task ${id}: container ${name} never ran or was killed before it exited` +
                        (why ? ` (${why})` : '') +
                        (task.stopCode ? ` [${task.stopCode}]` : '') +
                        '.',
                    advice: neverRanAdvice(task, container)
                });
            }
            else if (exitCode !== 0) {
                const advice = exitAdvice(exitCode, container);
                failures.push({
                    taskArn,
                    container: name,
                    headline: `Task ${id}: container ${name} exited with code ${exitCode}` +
                        (container.reason ? ` (${(0,_kit_sentences_js__WEBPACK_IMPORTED_MODULE_0__/* .clause */ .sb)(container.reason)})` : '') +
                        '.',
                    ...(advice ? { advice } : {})
                });
            }
        }
    }
    return verdictOf(failures);
}
/** A container that never ran: what the stop code and reason point at. */
function neverRanAdvice(task, container) {
    const reason = `${task.stoppedReason ?? ''} ${container.reason ?? ''}`;
    if (/CannotPullContainerError/.test(reason)) {
        return "Check that the image exists and that the task definition's execution role may pull it";
    }
    if (/ResourceInitializationError/.test(reason)) {
        return ("Check the execution role's access to the secrets, registry and log group the task uses, " +
            'and that its subnets reach them (a NAT gateway, a public IP or VPC endpoints)');
    }
    if (task.stopCode === 'SpotInterruption') {
        return 'Run the workflow again, or add spot-interruption to "retry-on"';
    }
    return 'Check the stopped reason in the ECS console, then run the workflow again';
}
/** Exit codes that say what happened by themselves. */
function exitAdvice(exitCode, container) {
    if (/OutOfMemory/i.test(container.reason ?? '')) {
        return 'Give the container more memory, in the task definition or "overrides"';
    }
    if (exitCode === 137) {
        return 'Check its memory use: 137 means it was killed (SIGKILL), most often for lack of memory';
    }
    return undefined;
}
/**
 * The task's and the container's reasons, each once: ECS often gives a container the task's
 * own reason (a pull error), or one that contains the other.
 */
function distinctReasons(...reasons) {
    const given = reasons.filter((r) => Boolean(r?.trim()));
    return given.filter((r, i) => !given.some((other, j) => j !== i && other.includes(r) && (other !== r || j < i)));
}


/***/ })

};
