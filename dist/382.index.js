export const id = 382;
export const ids = [382];
export const modules = {

/***/ 1007:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Q: () => (/* binding */ clip),
/* harmony export */   Hn: () => (/* binding */ cell),
/* harmony export */   X$: () => (/* binding */ inlineWithCode),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   mG: () => (/* binding */ inline),
/* harmony export */   nZ: () => (/* binding */ shellJoin),
/* harmony export */   nf: () => (/* binding */ link)
/* harmony export */ });
/**
 * Text from ECS, the task's log or the event payload, made safe for the job summary (GitHub
 * Flavored Markdown with a sanitised subset of HTML): it reads as the text it is, never as
 * markup, a link or a table border.
 */
const HTML = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };
/** Text between tags (never inside an attribute): `<`, `>` and `&` escaped. */
function escapeHtml(text) {
    return text.replace(/[<>&]/g, (c) => HTML[c] ?? c);
}
/**
 * Plain inline text: one line; the characters that make emphasis, code, links, strikethrough or
 * table borders backslash-escaped, a line start that would open a block too; HTML escaped.
 */
function inline(text) {
    const flat = text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]|~]/g, '\\$&');
    return escapeHtml(flat.replace(/^(\s*)([#>+=-]|\d+[.)])/, '$1\\$2'));
}
/**
 * Like inline(), for the action's own messages, which quote names and settings in backticks:
 * each `quoted part` (one line, no quote marks inside) becomes a code span instead of showing
 * its backticks.
 */
function inlineWithCode(text) {
    return text
        .split(/`([^`'\n]{1,200})`/)
        .map((part, i) => (i % 2 === 1 ? code(part) : inline(part)))
        .join('');
}
/** A GFM table cell: one line, pipes escaped, no raw HTML. */
function cell(text) {
    return escapeHtml(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
}
/**
 * A code span that holds any text: a fence longer than the longest run of backticks inside,
 * padded with spaces when the text starts or ends with one. Pipes are escaped for table cells
 * (GFM reads a table row's pipes before code spans).
 */
function code(text, options = {}) {
    const flat = text.replace(/\r?\n/g, ' ');
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
    const body = options.inTable ? flat.replace(/\|/g, '\\|') : flat;
    return `${fence}${pad}${body}${pad}${fence}`;
}
/** A link: `text` is Markdown already made safe; the URL is the action's own (console, GitHub). */
function link(text, url) {
    return `[${text}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
/**
 * `text` cut to about `width` characters at a space, so a word (which may be a secret the runner
 * masks only when whole) is never cut in two; text without a space that early is not shown.
 */
function clip(text, width) {
    if (text.length <= width)
        return text;
    const space = text.lastIndexOf(' ', width - 1);
    if (space <= 0)
        return `[${text.length} characters without spaces, not shown]`;
    return `${text.slice(0, space)} …`;
}
/** Arguments as a shell would need them typed: plain words bare, the rest single-quoted. */
function shellJoin(args) {
    return args
        .map((arg) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
        .join(' ');
}


/***/ }),

/***/ 6571:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ between),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/** Durations as a reader of the step log or the summary wants them: `12 s`, `1 min 5 s`, `2 h 3 min`. */
function formatDuration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60)
        return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m} min ${s % 60} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
}
/** From one instant to another, when both are known. */
function between(from, to) {
    if (!from || !to)
        return undefined;
    return formatDuration(to.getTime() - from.getTime());
}


/***/ }),

/***/ 5382:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   summaryMarkdown: () => (/* binding */ summaryMarkdown)
/* harmony export */ });
/* harmony import */ var _kit_links_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6933);
/* harmony import */ var _kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1007);
/* harmony import */ var _kit_time_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6571);
/* harmony import */ var _verdict_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(687);




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
        blocks.push(input.failures.map((f) => `- ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inlineWithCode */ .X$)((0,_verdict_js__WEBPACK_IMPORTED_MODULE_1__/* .problemText */ .fI)(f))}`).join('\n'));
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
    const parts = [`${ICON[input.status]} ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)(input.title)}`];
    const what = [];
    if (input.facts) {
        what.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)(input.facts.family), (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)(input.facts.container));
        if (input.facts.command?.length) {
            what.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .shellJoin */ .nZ)(input.facts.command), HEADING_COMMAND)));
        }
    }
    else if (input.given) {
        const { taskDefinition, service, cluster } = input.given;
        if (taskDefinition)
            what.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(taskDefinition, HEADING_COMMAND)));
        if (service)
            what.push(`service ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(service, HEADING_COMMAND))}`);
        if (cluster)
            what.push(`cluster ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(cluster, HEADING_COMMAND))}`);
    }
    return `### ${parts.join('')}${what.length ? `: ${what.join(' · ')}` : ''}`;
}
function factLines(input) {
    const lines = [];
    const { facts, context } = input;
    if (facts) {
        lines.push(facts.command?.length
            ? `**Command:** ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .shellJoin */ .nZ)(facts.command), FACT_COMMAND))} in container ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(facts.container)}`
            : `**Command:** the task definition's own, in container ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(facts.container)}`);
        const url = (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_2__/* .taskDefinitionConsoleUrl */ .dP)(facts.region, facts.taskDefinitionArn);
        const definition = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(facts.taskDefinition);
        lines.push(`**Task definition:** ${url ? (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(definition, url) : definition} in cluster ` +
            `${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(facts.cluster)} (${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)(facts.region)})`);
    }
    const trigger = context ? triggerLine(context) : undefined;
    if (trigger)
        lines.push(`**Triggered by:** ${trigger}`);
    const took = totalDuration(input.rows);
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
        parts.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(context.event));
    const pr = context.pullRequest;
    if (pr) {
        const number = `#${pr.number}`;
        parts.push((pr.url ? (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(number, pr.url) : number) + (pr.title ? ` ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(pr.title, 100))}` : ''));
    }
    else if (context.ref)
        parts.push((0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(context.ref));
    if (context.sha) {
        const short = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(context.sha.slice(0, 7));
        parts.push(`commit ${context.commitUrl ? (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(short, context.commitUrl) : short}`);
    }
    if (context.actor)
        parts.push(`by ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .inline */ .mG)(context.actor)}`);
    return parts.length > 0 ? parts.join(' · ') : undefined;
}
/** From the first task created to the last one stopped. */
function totalDuration(rows) {
    const created = rows.map((r) => r.task.createdAt?.getTime()).filter(isNumber);
    const stopped = rows.map((r) => r.task.stoppedAt?.getTime()).filter(isNumber);
    if (created.length === 0 || stopped.length === 0)
        return undefined;
    return (0,_kit_time_js__WEBPACK_IMPORTED_MODULE_3__/* .formatDuration */ .a)(Math.max(...stopped) - Math.min(...created));
}
const isNumber = (n) => n !== undefined;
/**
 * One row per task and container, tasks with a failure first. A failed container's last lines
 * follow its row; GFM has no row spanning a table, so the table is closed there and goes on
 * after them.
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
    const tables = [];
    let pending = [];
    const close = () => {
        if (pending.length === 0)
            return;
        tables.push([
            `| ${headers.join(' | ')} |`,
            `| ${headers.map(() => '---').join(' | ')} |`,
            ...pending
        ].join('\n'));
        pending = [];
    };
    for (const row of rows) {
        pending.push(`| ${row.cells.join(' | ')} |`);
        if (row.details) {
            close();
            tables.push(row.details);
        }
    }
    close();
    return tables;
}
function taskRows(row, attempts, input) {
    const { task } = row;
    const arn = task.taskArn ?? '';
    const id = (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_2__/* .taskId */ .BS)(arn);
    const region = input.facts?.region ?? regionOf(arn);
    const cluster = input.facts?.cluster ?? '';
    const ecsLink = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)('ECS', (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_2__/* .taskConsoleUrl */ .er)(region, cluster, arn));
    const duration = (0,_kit_time_js__WEBPACK_IMPORTED_MODULE_3__/* .between */ .T)(task.startedAt ?? task.createdAt, task.stoppedAt) ?? '';
    const containers = task.containers?.length ? task.containers : [{}];
    return containers.map((container) => {
        const name = container.name ?? '';
        const failed = input.failures.some((f) => f.taskArn === arn && f.container === name && name);
        const exit = container.exitCode ?? undefined;
        const exitCell = exit === undefined ? '–' : String(exit);
        const logUrl = name ? input.logUrl(arn, name) : undefined;
        const note = input.notes?.find((n) => n.taskArn === arn && n.container === name);
        const reason = [...(0,_verdict_js__WEBPACK_IMPORTED_MODULE_1__/* .distinctReasons */ ._T)(task.stoppedReason, container.reason), note?.short]
            .filter(Boolean)
            .join(' — ');
        const cells = [
            (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(id),
            ...(attempts ? [String(row.attempt ?? 1)] : []),
            (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(name),
            failed ? `❌ **${exitCell}**` : exitCell,
            duration,
            (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(reason),
            logUrl ? `${ecsLink} · ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)('logs', logUrl)}` : ecsLink
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
        `<details><summary>Last ${what} of <code>${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeHtml */ .ZD)(container)}</code> in task ` +
            `<code>${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeHtml */ .ZD)(id)}</code></summary>`,
        `<pre>${lines.map(_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeHtml */ .ZD).join('\n')}</pre>`,
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
        const ecs = (0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)('ECS', (0,_kit_links_js__WEBPACK_IMPORTED_MODULE_2__/* .taskConsoleUrl */ .er)(region, cluster, arn));
        const logUrl = container ? input.logUrl(arn, container) : undefined;
        return `| ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)((0,_kit_links_js__WEBPACK_IMPORTED_MODULE_2__/* .taskId */ .BS)(arn))} | ${logUrl ? `${ecs} · ${(0,_kit_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)('logs', logUrl)}` : ecs} |`;
    });
    return ['| Task | Links |', '| --- | --- |', ...rows].join('\n');
}
function regionOf(arn) {
    return arn.split(':')[3] ?? '';
}


/***/ })

};
