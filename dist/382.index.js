export const id = 382;
export const ids = [382];
export const modules = {

/***/ 5382:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   summaryMarkdown: () => (/* binding */ summaryMarkdown)
/* harmony export */ });
/* harmony import */ var marked__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8022);
/* harmony import */ var _kit_links_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6933);
/* harmony import */ var _kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1007);
/* harmony import */ var _kit_time_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6571);
/* harmony import */ var _verdict_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(687);





const ICON = { succeeded: '✅', failed: '❌', started: '▶️' };
/** Characters of the command shown in the heading; the facts show all of it. */
const HEADING_COMMAND = 60;
const FACT_COMMAND = 1000;
/**
 * The job summary: a heading that tells two uses of the action in one job apart, why it failed,
 * what ran and what triggered it, then one row per task and container, with the last log lines
 * of a failed container collapsed under its row.
 */
function summaryMarkdown(input) {
    const blocks = [heading(input)];
    if (input.failures.length > 0) {
        blocks.push(input.failures.map((f) => `- ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inlineWithCode */ .X$)((0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .problemText */ .fI)(f))}`).join('\n'));
    }
    const facts = factLines(input);
    if (facts.length > 0)
        blocks.push(facts.join('\\\n'));
    blocks.push(...taskTables(input));
    if (input.started?.length)
        blocks.push(startedTable(input));
    if (input.note)
        blocks.push(input.note);
    return blocks.join('\n\n') + '\n';
}
function heading(input) {
    const parts = [`${ICON[input.status]} ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)(input.title)}`];
    const what = [];
    if (input.facts) {
        what.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)(input.facts.family), (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)(input.facts.container));
        if (input.facts.command?.length) {
            what.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .shellJoin */ .nZ)(input.facts.command), HEADING_COMMAND)));
        }
    }
    else if (input.given) {
        const { taskDefinition, service, cluster } = input.given;
        if (taskDefinition)
            what.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(taskDefinition, HEADING_COMMAND)));
        if (service)
            what.push(`service ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(service, HEADING_COMMAND))}`);
        if (cluster)
            what.push(`cluster ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(cluster, HEADING_COMMAND))}`);
    }
    return `### ${parts.join('')}${what.length ? `: ${what.join(' · ')}` : ''}`;
}
function factLines(input) {
    const lines = [];
    const { facts, context } = input;
    if (facts) {
        lines.push(facts.command?.length
            ? `**Command:** ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .shellJoin */ .nZ)(facts.command), FACT_COMMAND))} in container ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(facts.container)}`
            : `**Command:** the task definition's own, in container ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(facts.container)}`);
        const url = (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_3__/* .taskDefinitionConsoleUrl */ .dP)(facts.region, facts.taskDefinitionArn);
        const definition = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(facts.taskDefinition);
        lines.push(`**Task definition:** ${url ? (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(definition, url) : definition} in cluster ` +
            `${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(facts.cluster)} (${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)(facts.region)})`);
    }
    const trigger = context ? triggerLine(context) : undefined;
    if (trigger)
        lines.push(`**Triggered by:** ${trigger}`);
    const took = totalDuration(input.rows, input.writtenAt);
    const attempts = Math.max(1, ...input.rows.map((r) => r.attempt ?? 1));
    const timing = [
        ...(took ? [`**Took:** ${took}`] : []),
        ...(attempts > 1 ? [`**Attempts:** ${attempts}`] : [])
    ];
    if (timing.length > 0)
        lines.push(timing.join(' · '));
    return lines;
}
/** `pull_request` #12 Add a column · `main` · commit abc1234 · by octocat */
function triggerLine(context) {
    const parts = [];
    if (context.event)
        parts.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(context.event));
    const pr = context.pullRequest;
    if (pr) {
        const number = `#${pr.number}`;
        parts.push((pr.url ? (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(number, pr.url) : number) + (pr.title ? ` ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(pr.title, 100))}` : ''));
    }
    else if (context.ref)
        parts.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(context.ref));
    if (context.sha) {
        const short = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(context.sha.slice(0, 7));
        parts.push(`commit ${context.commitUrl ? (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)(short, context.commitUrl) : short}`);
    }
    if (context.actor)
        parts.push(`by ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .inline */ .mG)(context.actor)}`);
    return parts.length > 0 ? parts.join(' · ') : undefined;
}
/**
 * From the first task created to the last one stopped; "≥" the time until `writtenAt` when a
 * task was not seen stopped.
 */
function totalDuration(rows, writtenAt) {
    const created = rows.map((r) => r.task.createdAt?.getTime()).filter(isNumber);
    if (created.length === 0)
        return undefined;
    const running = rows.some((r) => r.task.stoppedAt === undefined);
    if (running && writtenAt === undefined)
        return undefined;
    const stopped = rows.map((r) => r.task.stoppedAt?.getTime()).filter(isNumber);
    const end = running ? writtenAt : Math.max(...stopped);
    return `${running ? '≥ ' : ''}${(0,_kit_time_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a)(end - Math.min(...created))}`;
}
/** A task's time from its start (or creation) to its stop, or "≥" until `writtenAt`. */
function taskDuration(task, writtenAt) {
    const from = task.startedAt ?? task.createdAt;
    if (task.stoppedAt || writtenAt === undefined || !from)
        return (0,_kit_time_js__WEBPACK_IMPORTED_MODULE_4__/* .between */ .T)(from, task.stoppedAt) ?? '';
    return `≥ ${(0,_kit_time_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a)(writtenAt - from.getTime())}`;
}
const isNumber = (n) => n !== undefined;
/**
 * One row per task and container, tasks with a failure first, in one table. A failed
 * container's last lines go under its row: GFM has no row spanning a table, so a table with
 * such a row is written in HTML (a `<tr>` whose one cell spans the columns).
 */
function taskTables(input) {
    if (input.rows.length === 0)
        return [];
    const attempts = input.rows.some((r) => (r.attempt ?? 1) > 1);
    const headers = [
        'Task',
        ...(attempts ? ['Attempt'] : []),
        'Container',
        'Exit code',
        'Duration',
        'Stopped reason',
        'Links'
    ];
    const failedTasks = new Set(input.failures.map((f) => f.taskArn));
    const ordered = [
        ...input.rows.filter((r) => failedTasks.has(r.task.taskArn)),
        ...input.rows.filter((r) => !failedTasks.has(r.task.taskArn))
    ];
    const rows = ordered.flatMap((row) => taskRows(row, attempts, input));
    if (rows.some((row) => row.details))
        return [htmlTable(headers, rows)];
    return [
        [
            `| ${headers.join(' | ')} |`,
            `| ${headers.map(() => '---').join(' | ')} |`,
            ...rows.map((row) => `| ${row.cells.join(' | ')} |`)
        ].join('\n')
    ];
}
/**
 * The table in HTML, each row's details in a row of its own under it. GitHub renders no Markdown
 * inside an HTML cell, so each cell's Markdown is rendered here (marked, as GFM reads it); no
 * line is blank, as a blank line would end the HTML block.
 */
function htmlTable(headers, rows) {
    const html = (markdown) => marked__WEBPACK_IMPORTED_MODULE_0__/* .marked */ .xI.parseInline(markdown, { async: false });
    const lines = ['<table>', `<tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr>`];
    for (const row of rows) {
        lines.push(`<tr>${row.cells.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`);
        if (row.details)
            lines.push(`<tr><td colspan="${headers.length}">`, row.details, '</td></tr>');
    }
    lines.push('</table>');
    return lines.join('\n');
}
function taskRows(row, attempts, input) {
    const { task } = row;
    const arn = task.taskArn ?? '';
    const id = (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_3__/* .taskId */ .BS)(arn);
    const region = input.facts?.region ?? regionOf(arn);
    const cluster = input.facts?.cluster ?? '';
    const ecsLink = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('ECS', (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_3__/* .taskConsoleUrl */ .er)(region, cluster, arn));
    const duration = taskDuration(task, input.writtenAt);
    const containers = task.containers?.length ? task.containers : [{}];
    return containers.map((container) => {
        const name = container.name ?? '';
        const failed = input.failures.some((f) => f.taskArn === arn && f.container === name && name);
        const exit = container.exitCode ?? undefined;
        const exitCell = exit === undefined ? '–' : String(exit);
        const logUrl = name ? input.logUrl(arn, name) : undefined;
        const note = input.notes?.find((n) => n.taskArn === arn && n.container === name);
        const reason = [...(0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .distinctReasons */ ._T)(task.stoppedReason, container.reason), note?.short]
            .filter(Boolean)
            .join(' — ');
        const cells = [
            (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(id),
            ...(attempts ? [String(row.attempt ?? 1)] : []),
            (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(name),
            failed ? `❌ **${exitCell}**` : exitCell,
            duration,
            (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(reason),
            logUrl ? `${ecsLink} · ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('logs', logUrl)}` : ecsLink
        ];
        const lines = failed ? input.lastLines(arn, name) : [];
        return lines.length > 0 ? { cells, details: lastLinesBlock(id, name, lines) } : { cells };
    });
}
/**
 * A collapsed block of log lines. `<pre>` rather than a fenced block: its text is HTML-escaped,
 * so no line can close the block or become markup, and blank lines are not kept (a blank line
 * would end the HTML block).
 */
function lastLinesBlock(id, container, lines) {
    const what = lines.length === 1 ? 'line' : `${lines.length} lines`;
    return [
        `<details><summary>Last ${what} of <code>${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeHtml */ .ZD)(container)}</code> in task ` +
            `<code>${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeHtml */ .ZD)(id)}</code></summary>`,
        `<pre>${lines.map(_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeHtml */ .ZD).join('\n')}</pre>`,
        '</details>'
    ].join('\n');
}
/** Tasks known only by their ARNs: their links. */
function startedTable(input) {
    const started = input.started ?? [];
    const region = input.facts?.region ?? regionOf(started[0] ?? '');
    const cluster = input.facts?.cluster ?? '';
    const container = input.facts?.container;
    const rows = started.map((arn) => {
        const ecs = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('ECS', (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_3__/* .taskConsoleUrl */ .er)(region, cluster, arn));
        const logUrl = container ? input.logUrl(arn, container) : undefined;
        return `| ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)((0,_kit_links_js__WEBPACK_IMPORTED_MODULE_3__/* .taskId */ .BS)(arn))} | ${logUrl ? `${ecs} · ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .link */ .nf)('logs', logUrl)}` : ecs} |`;
    });
    return ['| Task | Links |', '| --- | --- |', ...rows].join('\n');
}
function regionOf(arn) {
    return arn.split(':')[3] ?? '';
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
