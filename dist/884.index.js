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
// EXTERNAL MODULE: ./src/ecs/primary-container.ts
var primary_container = __webpack_require__(5841);
// EXTERNAL MODULE: ./src/kit/outputs.ts
var outputs = __webpack_require__(1414);
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
 * The end of a run whose tasks stopped (docs/behaviour.md): the exit-code and stopped-reason
 * outputs, the verdict, one annotation per failure (quoting a failed container's last lines) and
 * the job summary. Throws ReportedFailure when the step fails.
 */
async function reportResult(options) {
    const { attempts } = options;
    const tasks = options.rows
        .map((r) => r.task)
        .filter((task) => attempts?.last(task.taskArn ?? '') ?? true);
    const primaryOf = (task) => (0,primary_container/* primaryOfTask */.RG)(task, { name: options.container, ...optionalCandidates(options) });
    const container = tasks[0] ? primaryOf(tasks[0]) : options.container;
    (0,end_outputs/* publishEndOutputs */.F)(tasks[0], container, options.sentReasons);
    if (container !== options.container)
        sayDecided(options, container, tasks[0]);
    const { timedOut, shortfall } = options.known ?? {};
    // After a wait-timeout the action stopped the tasks itself: their exit codes say nothing.
    const judgement = timedOut ? undefined : (0,report_verdict/* judge */.S4)(tasks, options.essential, primaryOf);
    const judged = judgement
        ? [...judgement.failures.map((f) => attempts?.amend(f) ?? f), ...(attempts?.failures ?? [])]
        : timedOut
            ? [timedOut]
            : [];
    const notes = judgement?.notes ?? [];
    for (const note of notes)
        core/* info */.pq(note.text);
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
        notes,
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
    core/* info */.pq(notes.length > 0
        ? `Success: ${container} exited 0 in ${what}; every other essential container ` +
            'exited 0 or was stopped with the task.'
        : `Success: every essential container of ${what} exited 0.`);
}
function optionalCandidates(options) {
    return options.candidates ? { candidates: options.candidates } : {};
}
/**
 * The first candidate did not decide (ECS stopped it with the task): the log, the summary and
 * `log-url` follow the container that did.
 */
function sayDecided(options, container, first) {
    const others = (options.candidates ?? []).filter((name) => name !== container);
    core/* info */.pq(`Primary container for the verdict: ${container}, the first of ` +
        `${(options.candidates ?? []).join(', ')} that exited on its own ` +
        `(${others.join(', ')} did not: stopped with the task or never ran).`);
    options.summary.primaryIs(container);
    const url = first?.taskArn ? options.logUrl(first.taskArn, container) : undefined;
    core/* setOutput */.uH(outputs/* Outputs */.t.logUrl, url ?? '');
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
/* harmony import */ var _kit_links_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6933);
/* harmony import */ var _kit_sentences_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3530);
/* harmony import */ var _ecs_stop_causes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3962);



function problemText(failure) {
    return (0,_kit_sentences_js__WEBPACK_IMPORTED_MODULE_1__/* .joinSentences */ .DP)(failure.headline, failure.advice);
}
function verdictOf(failures, notes = []) {
    return { ok: failures.length === 0, problems: failures.map(problemText), failures, notes };
}
/**
 * What fails the step (docs/behaviour.md). Success only when every task stopped, its primary
 * container exited 0 and every other essential container exited 0 or was stopped with the task (137
 * or 143 with no reason, once the primary exited: a note, not a failure). A container without an
 * exit code never ran (or was killed before reporting): a failure quoting why ECS stopped the task.
 * So is an essential container DescribeTasks does not report: nothing says it exited 0. A task
 * stopped by a StopTask the action did not send fails whatever its exit codes. `primaryOf` is the
 * primary's name, or how to find it in each stopped task.
 */
function judge(tasks, essential, primaryOf) {
    const failures = [];
    const notes = [];
    for (const task of tasks) {
        // With several candidates the primary is known only now, per task (primaryOfTask).
        const primary = typeof primaryOf === 'function' ? primaryOf(task) : primaryOf;
        const taskArn = task.taskArn ?? '';
        const id = (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_2__/* .taskId */ .BS)(taskArn);
        if (task.lastStatus !== 'STOPPED') {
            failures.push({
                taskArn,
                headline: `Task ${id} did not stop (last status ${task.lastStatus ?? 'unknown'}).`
            });
            continue;
        }
        const stoppedBy = (0,_ecs_stop_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .foreignStopReason */ .PE)(task);
        if (stoppedBy !== undefined) {
            // Its containers' exits are the stop's doing: 0 from a job that handles SIGTERM says
            // nothing about whether the job finished.
            failures.push({
                taskArn,
                ...(primary ? { container: primary } : {}),
                headline: `Task ${id} was stopped by a StopTask that this step did not send ` +
                    `(stop code UserInitiated): "${stoppedBy}".`,
                advice: 'Someone or something stopped it (the console, the CLI, another pipeline): find who ' +
                    'in CloudTrail (StopTask events), then run the workflow again'
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
        const main = task.containers?.find((c) => c.name === primary);
        const mainExit = main?.exitCode ?? undefined;
        for (const container of task.containers ?? []) {
            const name = container.name ?? '';
            if (!essential.has(name) && name !== primary)
                continue;
            const exitCode = container.exitCode ?? undefined;
            const signal = name === primary ? undefined : (0,_ecs_stop_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .stoppedWithTaskSignal */ .rA)(container);
            if (exitCode === undefined) {
                failures.push(neverRan(task, container, id));
            }
            else if (signal && mainExit !== undefined && primary !== undefined) {
                // Stopped because the primary exited: the primary's exit decides.
                if (mainExit === 0)
                    notes.push(stoppedWithTask(taskArn, name, exitCode, signal, primary));
            }
            else if (exitCode !== 0) {
                const failure = exited(task, container, id, exitCode);
                failures.push(name === primary ? primaryAdvice(failure, task, container, essential) : failure);
            }
        }
    }
    return verdictOf(failures, notes);
}
/**
 * A primary container ECS stopped with the task because another essential container exited 0
 * first: most likely the wrong container is primary (an agent listed first).
 */
function primaryAdvice(failure, task, container, essential) {
    if (!(0,_ecs_stop_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .stoppedWithTaskSignal */ .rA)(container))
        return failure;
    const done = (task.containers ?? []).filter((c) => c.name !== container.name && essential.has(c.name ?? '') && c.exitCode === 0);
    const first = done[0]?.name;
    if (first === undefined)
        return failure;
    return {
        ...failure,
        advice: `ECS stopped ${container.name ?? ''} with the task when ${done.map((c) => c.name).join(', ')} ` +
            `exited 0: if ${first} runs the job, give "container: ${first}"`
    };
}
function stoppedWithTask(taskArn, container, exitCode, signal, primary) {
    const short = `stopped with the task (${signal}) after ${primary} exited 0`;
    return {
        taskArn,
        container,
        short,
        text: `Container ${container} exited with code ${exitCode}: ECS ${short}; ` +
            'not a failure (the primary container decides).'
    };
}
function neverRan(task, container, id) {
    const name = container.name ?? '';
    const why = distinctReasons(task.stoppedReason, container.reason).map(_kit_sentences_js__WEBPACK_IMPORTED_MODULE_1__/* .clause */ .sb).join(': ');
    return {
        taskArn: task.taskArn ?? '',
        container: name,
        headline: `Task ${id}: container ${name} never ran or was killed before it exited` +
            (why ? ` (${why})` : '') +
            (task.stopCode ? ` [${task.stopCode}]` : '') +
            '.',
        advice: neverRanAdvice(task, container)
    };
}
function exited(task, container, id, exitCode) {
    const name = container.name ?? '';
    const reason = container.reason ? ` (${(0,_kit_sentences_js__WEBPACK_IMPORTED_MODULE_1__/* .clause */ .sb)(container.reason)})` : '';
    if ((0,_ecs_stop_causes_js__WEBPACK_IMPORTED_MODULE_0__/* .isOutOfMemory */ .$d)(container)) {
        return {
            taskArn: task.taskArn ?? '',
            container: name,
            headline: `Task ${id}: container ${name} was killed for lack of memory${reason}, exit code ${exitCode}.`,
            advice: `Give container ${name} more memory: its memory (or the task's) in the task ` +
                'definition, or in "overrides" (containerOverrides[].memory, memory)'
        };
    }
    const advice = exitCode === 137
        ? 'Check its memory use: 137 means it was killed (SIGKILL), most often for lack of memory'
        : undefined;
    return {
        taskArn: task.taskArn ?? '',
        container: name,
        headline: `Task ${id}: container ${name} exited with code ${exitCode}${reason}.`,
        ...(advice ? { advice } : {})
    };
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
