export const id = 619;
export const ids = [619];
export const modules = {

/***/ 5619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  summaryMarkdown: () => (/* binding */ summaryMarkdown)
});

// EXTERNAL MODULE: ./node_modules/marked/lib/marked.esm.js
var marked_esm = __webpack_require__(8022);
// EXTERNAL MODULE: ./src/kit/links.ts
var links = __webpack_require__(6933);
// EXTERNAL MODULE: ./src/kit/markdown.ts
var markdown = __webpack_require__(1007);
// EXTERNAL MODULE: ./src/kit/time.ts
var time = __webpack_require__(6571);
// EXTERNAL MODULE: ./src/report/verdict.ts
var verdict = __webpack_require__(687);
;// CONCATENATED MODULE: ./src/report/summary-shards.ts




/** GitHub refuses a step summary over 1 MiB. */
const SUMMARY_MAX_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/**
 * What the shard table may take of it: the heading, the facts, the failures and the last lines
 * around it stay well within the rest (each of those is bounded below).
 */
const SHARD_TABLE_MAX_BYTES = 768 * 1024;
/** Failures listed above the table; the table names every failed shard. */
const LISTED_FAILURES = 20;
/** Failed shards whose last log lines are shown under the table. */
const QUOTED_SHARDS = 5;
/** A job of shards: the summary has one row per shard instead of one per task and container. */
function isSharded(rows) {
    return rows.some((row) => row.shard !== undefined);
}
/** The failures above the table: the first LISTED_FAILURES, then how many more. */
function shardFailureList(input) {
    const listed = input.failures.slice(0, LISTED_FAILURES);
    const more = input.failures.length - listed.length;
    const lines = listed.map((f) => `- ${(0,markdown/* inlineWithCode */.X$)((0,verdict/* problemText */.fI)(f))}`);
    if (more > 0) {
        lines.push(`- … and ${more} more failure${more === 1 ? '' : 's'}: every failed shard is in the table.`);
    }
    return lines.join('\n');
}
/**
 * One row per shard (its last attempt), failed shards first, then by index: shard, task, the
 * primary container's exit code, duration, attempts, stopped reason, links. Rows stop at
 * SHARD_TABLE_MAX_BYTES with a line saying how many were left out; the last lines of the first
 * QUOTED_SHARDS failed shards follow the table.
 */
function shardBlocks(input) {
    const shards = shardRows(input);
    if (shards.length === 0)
        return [];
    const region = input.facts?.region ?? regionOf(shards.find((s) => s.task)?.task?.taskArn ?? '');
    const cluster = input.facts?.cluster ?? '';
    const primary = input.facts?.container;
    const header = [
        '| Shard | Task | Exit code | Duration | Attempts | Stopped reason | Links |',
        '| --- | --- | --- | --- | --- | --- | --- |'
    ].join('\n');
    const lines = [header];
    let bytes = Buffer.byteLength(header);
    let listed = 0;
    for (const row of shards) {
        const line = shardLine(row, input, region, cluster, primary);
        const size = Buffer.byteLength(line) + 1;
        if (bytes + size > SHARD_TABLE_MAX_BYTES)
            break;
        lines.push(line);
        bytes += size;
        listed += 1;
    }
    const blocks = [lines.join('\n')];
    const left = shards.length - listed;
    if (left > 0) {
        const failedLeft = shards.slice(listed).filter((s) => s.failed).length;
        blocks.push(`… ${left} more shard${left === 1 ? '' : 's'} not listed${failedLeft ? ` (${failedLeft} of them failed)` : ''}: ` +
            'the job summary stays under GitHub’s 1 MiB. The `results` output has every shard.');
    }
    const quoted = shards.filter((s) => s.failed && s.failedContainer).slice(0, QUOTED_SHARDS);
    for (const row of quoted) {
        const container = row.failedContainer;
        const last = input.lastLines(row.task?.taskArn ?? '', container);
        if (last.length > 0)
            blocks.push(lastLinesBlock(row.shard, container, last));
    }
    const failed = shards.filter((s) => s.failed && s.failedContainer).length;
    if (failed > quoted.length) {
        blocks.push(`The last lines of the first ${quoted.length} failed shards are shown; the others’ are in their logs (Links).`);
    }
    return blocks;
}
/** The last attempt of each shard, how many it had, and whether it failed; failed first. */
function shardRows(input) {
    const byShard = new Map();
    for (const row of input.rows) {
        if (row.shard === undefined)
            continue;
        const seen = byShard.get(row.shard);
        const count = (seen?.count ?? 0) + 1;
        if (!seen || (row.attempt ?? 1) >= (seen.row.attempt ?? 1))
            byShard.set(row.shard, { row, count });
        else
            seen.count = count;
    }
    const failures = new Map();
    for (const f of input.failures) {
        if (f.taskArn && !failures.has(f.taskArn))
            failures.set(f.taskArn, f.container);
    }
    const rows = [...byShard.entries()].map(([shard, { row, count }]) => {
        const arn = row.task.taskArn ?? '';
        return {
            shard,
            task: row.task,
            attempts: row.attempts ?? count,
            failed: failures.has(arn),
            failedContainer: failures.get(arn)
        };
    });
    for (const shard of input.unstarted ?? []) {
        if (!byShard.has(shard)) {
            rows.push({ shard, attempts: 0, failed: false, failedContainer: undefined });
        }
    }
    return rows.sort((a, b) => Number(b.failed) - Number(a.failed) || a.shard - b.shard);
}
function shardLine(row, input, region, cluster, primary) {
    const { task } = row;
    if (!task)
        return `| ${row.shard} | – | – |  | 0 | not started |  |`;
    const arn = task.taskArn ?? '';
    const shown = row.failedContainer ?? primary;
    const container = task.containers?.find((c) => c.name === shown) ?? task.containers?.[0];
    const exit = container?.exitCode;
    const exitCell = exit === undefined || exit === null ? '–' : String(exit);
    const reason = (0,verdict/* distinctReasons */._T)(task.stoppedReason, container?.reason).join(' — ');
    const ecs = (0,markdown/* link */.nf)('ECS', (0,links/* taskConsoleUrl */.er)(region, cluster, arn));
    const logUrl = container?.name ? input.logUrl(arn, container.name) : undefined;
    const cells = [
        String(row.shard),
        (0,markdown/* code */.aY)((0,links/* taskId */.BS)(arn)),
        row.failed ? `❌ **${exitCell}**` : exitCell,
        (0,time/* between */.T)(task.startedAt ?? task.createdAt, task.stoppedAt) ?? '',
        String(row.attempts),
        (0,markdown/* cell */.Hn)(reason),
        logUrl ? `${ecs} · ${(0,markdown/* link */.nf)('logs', logUrl)}` : ecs
    ];
    return `| ${cells.join(' | ')} |`;
}
/** As the per-task table's: escaped HTML, so no log line can become markup. */
function lastLinesBlock(shard, container, lines) {
    const what = lines.length === 1 ? 'line' : `${lines.length} lines`;
    return [
        `<details><summary>Last ${what} of <code>${(0,markdown/* escapeHtml */.ZD)(container)}</code> in shard ${shard}</summary>`,
        `<pre>${lines.map(markdown/* escapeHtml */.ZD).join('\n')}</pre>`,
        '</details>'
    ].join('\n');
}
function regionOf(arn) {
    return arn.split(':')[3] ?? '';
}

;// CONCATENATED MODULE: ./src/report/summary-markdown.ts






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
    const sharded = isSharded(input.rows);
    if (input.failures.length > 0) {
        blocks.push(sharded
            ? shardFailureList(input)
            : input.failures.map((f) => `- ${(0,markdown/* inlineWithCode */.X$)((0,verdict/* problemText */.fI)(f))}`).join('\n'));
    }
    const facts = factLines(input);
    if (facts.length > 0)
        blocks.push(facts.join('\\\n'));
    blocks.push(...(sharded ? shardBlocks(input) : taskTables(input)));
    if (input.started?.length)
        blocks.push(startedTable(input));
    if (input.note)
        blocks.push(input.note);
    return blocks.join('\n\n') + '\n';
}
function heading(input) {
    const parts = [`${ICON[input.status]} ${(0,markdown/* inline */.mG)(input.title)}`];
    const what = [];
    if (input.facts) {
        what.push((0,markdown/* inline */.mG)(input.facts.family), (0,markdown/* inline */.mG)(input.facts.container));
        if (input.facts.command?.length) {
            what.push((0,markdown/* code */.aY)((0,markdown/* clip */.$Q)((0,markdown/* shellJoin */.nZ)(input.facts.command), HEADING_COMMAND)));
        }
    }
    else if (input.given) {
        const { taskDefinition, service, cluster } = input.given;
        if (taskDefinition)
            what.push((0,markdown/* inline */.mG)((0,markdown/* clip */.$Q)(taskDefinition, HEADING_COMMAND)));
        if (service)
            what.push(`service ${(0,markdown/* inline */.mG)((0,markdown/* clip */.$Q)(service, HEADING_COMMAND))}`);
        if (cluster)
            what.push(`cluster ${(0,markdown/* inline */.mG)((0,markdown/* clip */.$Q)(cluster, HEADING_COMMAND))}`);
    }
    return `### ${parts.join('')}${what.length ? `: ${what.join(' · ')}` : ''}`;
}
function factLines(input) {
    const lines = [];
    const { facts, context } = input;
    if (facts) {
        lines.push(facts.command?.length
            ? `**Command:** ${(0,markdown/* code */.aY)((0,markdown/* clip */.$Q)((0,markdown/* shellJoin */.nZ)(facts.command), FACT_COMMAND))} in container ${(0,markdown/* code */.aY)(facts.container)}`
            : `**Command:** the task definition's own, in container ${(0,markdown/* code */.aY)(facts.container)}`);
        const url = (0,links/* taskDefinitionConsoleUrl */.dP)(facts.region, facts.taskDefinitionArn);
        const definition = (0,markdown/* code */.aY)(facts.taskDefinition);
        lines.push(`**Task definition:** ${url ? (0,markdown/* link */.nf)(definition, url) : definition} in cluster ` +
            `${(0,markdown/* code */.aY)(facts.cluster)} (${(0,markdown/* inline */.mG)(facts.region)})`);
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
        parts.push((0,markdown/* code */.aY)(context.event));
    const pr = context.pullRequest;
    if (pr) {
        const number = `#${pr.number}`;
        parts.push((pr.url ? (0,markdown/* link */.nf)(number, pr.url) : number) + (pr.title ? ` ${(0,markdown/* inline */.mG)((0,markdown/* clip */.$Q)(pr.title, 100))}` : ''));
    }
    else if (context.ref)
        parts.push((0,markdown/* code */.aY)(context.ref));
    if (context.sha) {
        const short = (0,markdown/* code */.aY)(context.sha.slice(0, 7));
        parts.push(`commit ${context.commitUrl ? (0,markdown/* link */.nf)(short, context.commitUrl) : short}`);
    }
    if (context.actor)
        parts.push(`by ${(0,markdown/* inline */.mG)(context.actor)}`);
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
    return `${running ? '≥ ' : ''}${(0,time/* formatDuration */.a)(end - Math.min(...created))}`;
}
/** A task's time from its start (or creation) to its stop, or "≥" until `writtenAt`. */
function taskDuration(task, writtenAt) {
    const from = task.startedAt ?? task.createdAt;
    if (task.stoppedAt || writtenAt === undefined || !from)
        return (0,time/* between */.T)(from, task.stoppedAt) ?? '';
    return `≥ ${(0,time/* formatDuration */.a)(writtenAt - from.getTime())}`;
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
    const html = (markdown) => marked_esm/* marked */.xI.parseInline(markdown, { async: false });
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
    const id = (0,links/* taskId */.BS)(arn);
    const region = input.facts?.region ?? summary_markdown_regionOf(arn);
    const cluster = input.facts?.cluster ?? '';
    const ecsLink = (0,markdown/* link */.nf)('ECS', (0,links/* taskConsoleUrl */.er)(region, cluster, arn));
    const duration = taskDuration(task, input.writtenAt);
    const containers = task.containers?.length ? task.containers : [{}];
    return containers.map((container) => {
        const name = container.name ?? '';
        const failed = input.failures.some((f) => f.taskArn === arn && f.container === name && name);
        const exit = container.exitCode ?? undefined;
        const exitCell = exit === undefined ? '–' : String(exit);
        const logUrl = name ? input.logUrl(arn, name) : undefined;
        const note = input.notes?.find((n) => n.taskArn === arn && n.container === name);
        const reason = [...(0,verdict/* distinctReasons */._T)(task.stoppedReason, container.reason), note?.short]
            .filter(Boolean)
            .join(' — ');
        const cells = [
            (0,markdown/* code */.aY)(id),
            ...(attempts ? [String(row.attempt ?? 1)] : []),
            (0,markdown/* cell */.Hn)(name),
            failed ? `❌ **${exitCell}**` : exitCell,
            duration,
            (0,markdown/* cell */.Hn)(reason),
            logUrl ? `${ecsLink} · ${(0,markdown/* link */.nf)('logs', logUrl)}` : ecsLink
        ];
        const lines = failed ? input.lastLines(arn, name) : [];
        return lines.length > 0 ? { cells, details: summary_markdown_lastLinesBlock(id, name, lines) } : { cells };
    });
}
/**
 * A collapsed block of log lines. `<pre>` rather than a fenced block: its text is HTML-escaped,
 * so no line can close the block or become markup, and blank lines are not kept (a blank line
 * would end the HTML block).
 */
function summary_markdown_lastLinesBlock(id, container, lines) {
    const what = lines.length === 1 ? 'line' : `${lines.length} lines`;
    return [
        `<details><summary>Last ${what} of <code>${(0,markdown/* escapeHtml */.ZD)(container)}</code> in task ` +
            `<code>${(0,markdown/* escapeHtml */.ZD)(id)}</code></summary>`,
        `<pre>${lines.map(markdown/* escapeHtml */.ZD).join('\n')}</pre>`,
        '</details>'
    ].join('\n');
}
/** Tasks known only by their ARNs: their links. */
function startedTable(input) {
    const started = input.started ?? [];
    const region = input.facts?.region ?? summary_markdown_regionOf(started[0] ?? '');
    const cluster = input.facts?.cluster ?? '';
    const container = input.facts?.container;
    const rows = started.map((arn) => {
        const ecs = (0,markdown/* link */.nf)('ECS', (0,links/* taskConsoleUrl */.er)(region, cluster, arn));
        const logUrl = container ? input.logUrl(arn, container) : undefined;
        return `| ${(0,markdown/* code */.aY)((0,links/* taskId */.BS)(arn))} | ${logUrl ? `${ecs} · ${(0,markdown/* link */.nf)('logs', logUrl)}` : ecs} |`;
    });
    return ['| Task | Links |', '| --- | --- |', ...rows].join('\n');
}
function summary_markdown_regionOf(arn) {
    return arn.split(':')[3] ?? '';
}


/***/ })

};
