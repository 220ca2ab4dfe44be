export const id = 714;
export const ids = [714];
export const modules = {

/***/ 1714:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  JobView: () => (/* binding */ JobView)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/kit/links.ts
var links = __webpack_require__(6933);
// EXTERNAL MODULE: ./src/aws/clients.ts + 1 modules
var aws_clients = __webpack_require__(3234);
;// CONCATENATED MODULE: ./src/logs/get-log-events.ts

/**
 * GetLogEvents and FilterLogEvents through one client per region (`awslogs-region` may differ
 * from the task's), each made on first use. The CloudWatch Logs SDK is imported lazily: the step
 * needs ECS first, and not loading the second client before RunTask saves a large part of the
 * cold start. No SDK retries: the log streamer retries with its own backoff, and SDK retries
 * would be calls its rate limiter cannot see.
 */
function logReads() {
    let sdk;
    const clients = new Map();
    const clientFor = async (region) => {
        sdk ??= __webpack_require__.e(/* import() */ 303).then(__webpack_require__.t.bind(__webpack_require__, 303, 19));
        const loaded = await sdk;
        let client = clients.get(region);
        if (!client) {
            client = new loaded.CloudWatchLogsClient({
                region,
                customUserAgent: aws_clients/* USER_AGENT */._O,
                maxAttempts: 1,
                requestHandler: (0,aws_clients/* httpHandler */.bu)(aws_clients/* LOGS_HTTP_TIMEOUTS */.Ur)
            });
            clients.set(region, client);
        }
        return { client, loaded };
    };
    return {
        async getLogEvents(region, input) {
            const { client, loaded } = await clientFor(region);
            const { GetLogEventsCommand } = loaded;
            return client.send(new GetLogEventsCommand(input));
        },
        async filterLogEvents(region, input) {
            const { client, loaded } = await clientFor(region);
            const { FilterLogEventsCommand } = loaded;
            return client.send(new FilterLogEventsCommand(input));
        }
    };
}

;// CONCATENATED MODULE: ./src/logs/line-readers.ts
/**
 * The streamer's `onMessages` for several readers: each page goes to every reader, and the
 * warnings they return go to `warn`. A reader that throws is skipped for that page: reading the
 * log for extras must never stop the log itself.
 */
function fanOut(readers, warn) {
    if (readers.length === 0)
        return undefined;
    return (target, messages) => {
        for (const reader of readers) {
            let warnings;
            try {
                warnings = reader.read(target, messages);
            }
            catch (error) {
                warnings = [{ title: 'Log reader failed', message: `${target.label}: ${String(error)}` }];
            }
            for (const warning of warnings ?? [])
                warn(warning);
        }
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/logs/printer.ts

/** Lines per stdout write: ~25 KB for 100-byte lines, well under V8's large-object size. */
const LINES_PER_WRITE = 256;
/**
 * Writes the tasks' log lines to the step's log. Task output is untrusted, so it is printed
 * between `::stop-commands::<token>` and `::<token>::` (a fresh random token each time, so a
 * log line can never act as a workflow command). The switches are written lazily: commands
 * resume only around the action's own messages (`command()`) and at `end()`. Writes wait for
 * 'drain', so memory stays flat whatever the volume.
 */
class LogPrinter {
    out;
    prefix;
    queue = Promise.resolve();
    /** The first error of a line or command nobody waited for, thrown by end(). */
    failure;
    /** Set while the runner is not processing commands; the line that resumes them. */
    stopToken;
    /** A command() callback is running: a nested command() runs at once instead of deadlocking. */
    inCommand = false;
    /** Streams being followed whose end has not been seen: a note may wait for them. */
    open = new Set();
    /** Streams that printed a line. */
    printed = new Set();
    /** Notes waiting for streams to end, in the order they were given. */
    waiting = [];
    /** The action's line due before a stream's first log line (the task is RUNNING), if any. */
    beforeFirst;
    constructor(out = process.stdout, options = { prefix: false }) {
        this.out = out;
        this.prefix = options.prefix;
    }
    /**
     * Prints `messages` of the stream `label`; resolves once the stream has accepted them.
     * `prefixed`: prefix these lines with the label whatever the printer's default (a shard's).
     */
    write(label, messages, prefixed = this.prefix) {
        if (messages.length === 0)
            return this.enqueue(async () => undefined);
        return this.enqueue(async () => {
            if (!this.printed.has(label)) {
                this.printed.add(label);
                // A log line means its container started: what says so comes first.
                const first = this.beforeFirst?.(label);
                if (first !== undefined)
                    await this.emit(`${first}\n`);
            }
            let head = '';
            if (this.stopToken === undefined) {
                this.stopToken = (0,external_node_crypto_.randomBytes)(16).toString('hex');
                head = `::stop-commands::${this.stopToken}\n`;
            }
            // A page is formatted and written in slices: small strings die young in V8's new space,
            // where one string of a whole 1 MB page would sit in large-object space (and in the
            // process's memory) until the next full garbage collection.
            for (let start = 0; start < messages.length; start += LINES_PER_WRITE) {
                const slice = messages.slice(start, start + LINES_PER_WRITE);
                await this.emit(head + formatLines(label, slice, prefixed));
                head = '';
            }
        });
    }
    /**
     * Prints one of the action's own plain lines in order with the log lines, without switching
     * workflow commands back on (the line is the action's, never the task's, and never a command).
     */
    note(line) {
        return this.enqueue(async () => {
            // Behind a note that waits for a stream, so that the action's lines keep their order.
            if (this.waiting.length > 0)
                this.waiting.push({ labels: [], line });
            else
                await this.emit(`${line}\n`);
        });
    }
    /**
     * `line(label)` is printed before the first log line of the stream `label`, when it returns
     * one (e.g. "The task is RUNNING" while no DescribeTasks has seen it run yet).
     */
    beforeFirstLine(line) {
        this.beforeFirst = line;
    }
    /** The stream `label` is followed: notes given with `noteAfter` wait for its end. */
    opened(label) {
        this.open.add(label);
    }
    /** The stream `label` has ended (drained or given up): the notes that waited for it follow. */
    closed(label) {
        this.open.delete(label);
        return this.enqueue(() => this.release());
    }
    /**
     * Like `note`, but after every line of the streams `labels` that are followed (a container's
     * exit comes after its last lines, which CloudWatch may deliver seconds later). Streams not
     * followed do not hold it; `end()` prints whatever still waits.
     */
    noteAfter(labels, line) {
        return this.enqueue(async () => {
            this.waiting.push({ labels, line });
            await this.release();
        });
    }
    /**
     * Prints, in order, the waiting notes none of whose streams is still open; a note stays
     * behind an earlier one that waits, so the action's lines keep their order.
     */
    async release(all = false) {
        while (this.waiting.length > 0) {
            const [next] = this.waiting;
            if (!all && next.labels.some((label) => this.open.has(label)))
                return;
            this.waiting.shift();
            if (next.run)
                await this.runCommand(next.run).catch((error) => this.keep(error));
            else
                await this.emit(`${next.line}\n`);
        }
    }
    /** `fn` with workflow commands processed (the body of command()). */
    async runCommand(fn) {
        await this.resume();
        this.inCommand = true;
        try {
            return await fn();
        }
        finally {
            this.inCommand = false;
        }
    }
    /**
     * Runs `fn` (e.g. `() => core.warning(…)`) after every line written so far, with workflow
     * commands processed; log lines written after it are protected again with a fresh token.
     */
    command(fn) {
        if (this.inCommand) {
            try {
                return Promise.resolve(fn());
            }
            catch (error) {
                return Promise.reject(error);
            }
        }
        return this.enqueue(() => this.runCommand(fn));
    }
    /**
     * commandSoon() that also keeps its place behind the notes waiting for streams (a task started
     * again is announced after the previous task's exit and STOPPED, which wait for its lines).
     * Not for what must not wait for logs (StopTask).
     */
    commandInOrderSoon(fn) {
        this.enqueue(async () => {
            if (this.waiting.length > 0)
                this.waiting.push({ labels: [], run: fn });
            else
                await this.runCommand(fn);
        }).catch((error) => this.keep(error));
    }
    /**
     * note() for a caller that goes on without waiting (a listener, a synchronous callback): the
     * line still comes in order, and a failure is kept for end() instead of becoming an unhandled
     * rejection, which would end the process with its tasks still running.
     */
    noteSoon(line) {
        this.note(line).catch((error) => this.keep(error));
    }
    /** noteAfter() for a caller that goes on without waiting, as noteSoon(). */
    noteAfterSoon(labels, line) {
        this.noteAfter(labels, line).catch((error) => this.keep(error));
    }
    /** command() for a caller that goes on without waiting, as noteSoon(). */
    commandSoon(fn) {
        this.command(fn).catch((error) => this.keep(error));
    }
    /**
     * Flushes every line (and every waiting note) and lets the runner process commands again;
     * rejects with the first error of a noteSoon() or commandSoon(), so the step fails through
     * its one catch.
     */
    end() {
        return this.enqueue(async () => {
            await this.release(true);
            await this.resume();
            if (this.failure)
                throw this.failure.error;
        });
    }
    keep(error) {
        this.failure ??= { error };
    }
    async resume() {
        if (this.stopToken === undefined)
            return;
        const token = this.stopToken;
        this.stopToken = undefined;
        await this.emit(`::${token}::\n`);
    }
    /** Runs steps one after another in call order; a failed step does not stop later ones. */
    enqueue(step) {
        const run = this.queue.then(step);
        this.queue = run.then(() => undefined, () => undefined);
        return run;
    }
    async emit(text) {
        if (this.out.write(text))
            return;
        await drained(this.out);
    }
}
/**
 * The text for one batch: a message's one trailing newline is dropped (loggers end lines with
 * it), and when prefixed every line of a multi-line message carries the prefix.
 */
function formatLines(label, messages, prefix) {
    const head = prefix ? `${label} | ` : '';
    let text = '';
    for (const message of messages) {
        const body = withoutLineEnd(message);
        text += prefix ? head + body.replace(/\r?\n/g, `\n${head}`) + '\n' : body + '\n';
    }
    return text;
}
/** A message without the one trailing newline (`\n` or `\r\n`) a logger ends it with. */
function withoutLineEnd(message) {
    if (message.endsWith('\r\n'))
        return message.slice(0, -2);
    return message.endsWith('\n') ? message.slice(0, -1) : message;
}
/** Resolves when the stream can take more, or can take nothing ever again. */
function drained(out) {
    return new Promise((resolve) => {
        const done = () => {
            out.off('drain', done);
            out.off('close', done);
            out.off('error', done);
            resolve();
        };
        out.on('drain', done);
        out.on('close', done);
        out.on('error', done);
    });
}

;// CONCATENATED MODULE: ./src/logs/cursor.ts
/**
 * Where one stream is read up to: the forward token to send next and which events were already
 * delivered. CloudWatch answers the end of a stream with the token it was given; normally with no
 * events, but if the same token ever comes back with events, a later call with that token starts
 * at the same place and would return them again. The cursor remembers how many events it
 * delivered since that token and the last of them, and skips that many when they recur.
 */
class LogCursor {
    current;
    /** Events delivered from `current` while the token stood still. */
    deliveredHere = 0;
    lastDelivered;
    /** The nextToken for the next GetLogEvents call (undefined: from the head). */
    get token() {
        return this.current;
    }
    advance(page) {
        const events = page.events ?? [];
        const next = page.nextForwardToken;
        const moved = next !== undefined && next !== this.current;
        let fresh = events;
        let echoed = false;
        if (!moved && this.deliveredHere > 0 && events.length >= this.deliveredHere) {
            const echo = events[this.deliveredHere - 1];
            echoed = echo !== undefined && fingerprint(echo) === this.lastDelivered;
            if (echoed)
                fresh = events.slice(this.deliveredHere);
        }
        const last = fresh[fresh.length - 1];
        if (moved) {
            this.current = next;
            this.deliveredHere = 0;
            this.lastDelivered = undefined;
        }
        else if (last !== undefined) {
            // The token stood still: what was delivered now counts as already read from it. When the
            // page did not repeat the earlier ones, the server counts from what it last gave instead.
            this.deliveredHere = (echoed ? this.deliveredHere : 0) + fresh.length;
            this.lastDelivered = fingerprint(last);
        }
        return { events: fresh, moved, received: events.length };
    }
}
function fingerprint(event) {
    return `${event.timestamp ?? ''}\u0000${event.ingestionTime ?? ''}\u0000${event.message ?? ''}`;
}

// EXTERNAL MODULE: ./src/kit/backoff.ts
var backoff = __webpack_require__(6592);
;// CONCATENATED MODULE: ./src/logs/pacing.ts
// How often the action calls CloudWatch Logs and when it stops following a stream. The reasons
// and the measured figures behind these numbers are in docs/behaviour.md ("Log streaming"),
// docs/performance.md and CONTRIBUTING.md ("Many log streams").

/**
 * CloudWatch Logs calls (every operation: GetLogEvents, FilterLogEvents) starting in any
 * one-second window, for the whole step whatever the number of streams: read quotas are per
 * account and region and shared with every other reader.
 */
const MAX_CALLS_PER_SECOND = 10;
/**
 * The window the limiter counts MAX_CALLS_PER_SECOND in: a second plus what a call may take to
 * reach AWS after it was let through (signing, a busy event loop, the network). AWS counts
 * calls as they arrive: a call held back 250 ms then still cannot make 11 in a second.
 */
const LIMITER_WINDOW_MS = 1_250;
/**
 * Above this many streams followed at once, streams are read together: FilterLogEvents over up
 * to MAX_FILTER_STREAMS named streams of a group, one call for all of them, rather than one
 * GetLogEvents each; at or below it each stream is read on its own with GetLogEvents, as ever.
 */
const FILTER_ABOVE_STREAMS = 10;
/**
 * With more than FILTER_ABOVE_STREAMS streams, a stream whose container ECS has not shown running
 * is looked for this seldom (ECS's news of it running wakes it at once): a thousand shards
 * provisioning must not spend the budget on streams that do not exist yet.
 */
const NOT_STARTED_POLL_MS = 10_000;
/** FilterLogEvents takes at most 100 logStreamNames. */
const MAX_FILTER_STREAMS = 100;
/** Pages of one shared read before its streams are answered (the rest is read next, at once). */
const MAX_FILTER_PAGES = 3;
/**
 * A shared read starts this long before the newest event printed of each stream (timestamps):
 * a line stamped a little before the newest one but delivered after it (two writers merged by
 * the driver) is still found. What was printed in that stretch is remembered, so nothing prints
 * twice; and every read returns that stretch again, so it is short: 100 streams of 10 lines a
 * second re-read 3,000 events a call, not 10,000 (measured: 10 s of it cost ~30 MB of RSS at
 * 100 shards). A line stamped further back (a log router retrying an old chunk) can be missed.
 */
const FILTER_LOOKBACK_MS = 3_000;
/** A stream whose last page had events is polled again this long after that call started. */
const BUSY_POLL_MS = 925;
/**
 * A stream whose container exited is polled this often until it drains: the step's end waits
 * on these polls, and a line delivered late is printed within this (a task is rarely stopping
 * long, and then it stops: this does not last).
 */
const DRAIN_POLL_MS = 500;
/** Delays after 1, 2, 3… empty polls in a row (from the previous call's start); busy again on events. */
const IDLE_POLL_MS = [1_000, 2_000, 4_000, 5_000];
/** GetLogEvents' page limits; half the byte limit counts as full (the next event may not have fit). */
const FULL_PAGE_EVENTS = 10_000;
const FULL_PAGE_BYTES = 512 * 1024;
/** What CloudWatch Logs adds to each event's UTF-8 size. */
const EVENT_OVERHEAD_BYTES = 26;
/** Empty pages with a moved token fetched back to back before pausing BUSY_POLL_MS. */
const MAX_EMPTY_HOPS = 10;
/** Retry delays after a transient error: exponential with equal jitter, capped low. */
const ERROR_BACKOFF_BASE_MS = 1_000;
const ERROR_BACKOFF_MAX_MS = 4_000;
const ERROR_BACKOFF = {
    baseMs: ERROR_BACKOFF_BASE_MS,
    maxMs: ERROR_BACKOFF_MAX_MS,
    jitter: 'equal'
};
/** Failures in a row after which a stream warns once (it keeps retrying). */
const ERROR_WARN_AFTER = 5;
/**
 * Warning annotations the log streaming makes in a step: GitHub shows 10 of a kind per step, and
 * with many streams one outage would warn for each. Later warnings are plain lines of the log.
 */
const MAX_LOG_WARNINGS = 3;
/**
 * Quiet needed after a container was seen exited before its stream counts as drained: CloudWatch
 * shows the awslogs driver's last lines up to about 3.6 s after the exit (its flush plus the
 * ingestion lag), and a container is seen exited no earlier than it exits. The task must also
 * have been seen STOPPED before the quiet poll: while it stops, waiting costs the step nothing.
 */
const DRAIN_QUIET_MS = 3_700;
/**
 * Quiet needed after a late event was seen while draining (counted from the poll that saw it, up
 * to DRAIN_POLL_MS after CloudWatch showed it): the awslogs driver flushes what is left in one
 * batch when the container exits (several only past 1 MB or 10,000 events, sent back to back).
 */
const DRAIN_AFTER_EVENT_MS = 600;
/** Pages fetched but not yet printed, across every stream: bounds memory. */
const MAX_PAGES_IN_MEMORY = 2;
/** A stream that answers but proves nothing new is given up this long after its task stopped. */
const DRAIN_HARD_CAP_MS = 30_000;
/**
 * A stream whose calls fail is given up only this long after its last answer (and never before
 * DRAIN_HARD_CAP_MS after its task stopped): a CloudWatch Logs outage of two minutes loses no line.
 */
const DRAIN_OUTAGE_MS = 150_000;
/** A stream still returning events (a backlog) is read on up to this long after its task stopped. */
const DRAIN_BACKLOG_CAP_MS = 10 * 60_000;
/** Delay before the next poll of a stream after `emptyPolls` empty answers in a row (0-based). */
function idleDelay(emptyPolls) {
    const last = IDLE_POLL_MS.length - 1;
    return IDLE_POLL_MS[Math.min(Math.max(0, emptyPolls), last)] ?? BUSY_POLL_MS;
}
/** Delay before retrying after the `failures`-th failure in a row (1-based), with jitter. */
function errorDelay(failures, random = Math.random) {
    return (0,backoff/* backoffDelay */.E)(failures, ERROR_BACKOFF, random);
}
/** Whether a page hit one of GetLogEvents' page limits, so its successor is fetched at once. */
function isFullPage(messages) {
    if (messages.length >= FULL_PAGE_EVENTS)
        return true;
    let bytes = 0;
    for (const event of messages) {
        bytes += Buffer.byteLength(event.message ?? '', 'utf8') + EVENT_OVERHEAD_BYTES;
        if (bytes >= FULL_PAGE_BYTES)
            return true;
    }
    return false;
}

;// CONCATENATED MODULE: ./src/logs/drain.ts

/**
 * When one stream may stop being followed, from what ECS reports about its container and what
 * the stream returned. Times are the streamer's clock when each thing was seen, not ECS's
 * timestamps, so they compare with the poll times.
 */
class DrainState {
    /** The container was seen exited (container or task STOPPED). */
    exitedAt;
    /** The task was seen STOPPED: starts the caps. */
    stoppedAt;
    lastEventAt;
    /** Start of the latest poll that found nothing new at the end of the stream (or no stream). */
    lastQuietPollAt;
    exitCodeKnown = false;
    streamSeen = false;
    runningSeen = false;
    /** When CloudWatch last answered a call for this stream (events, an empty page, not found). */
    lastAnswerAt;
    /** The latest call failed (throttling, 5xx, network): the stream is in an outage. */
    failingNow = false;
    /** `since`: when following began, standing for the last answer until there is one. */
    constructor(since = 0) {
        this.lastAnswerAt = since;
    }
    /**
     * Takes the latest DescribeTasks view of the task. Returns 'started' the first time the
     * container is seen RUNNING (its stream appears about then), 'changed' when how it ends may
     * have changed, undefined otherwise.
     */
    observe(task, container, now) {
        const view = task.containers?.find((candidate) => candidate.name === container);
        const taskStopped = task.lastStatus === 'STOPPED';
        let outcome;
        if (view?.exitCode !== undefined)
            this.exitCodeKnown = true;
        if (this.exitedAt === undefined && (taskStopped || view?.lastStatus === 'STOPPED')) {
            this.exitedAt = now;
            outcome = 'changed';
        }
        if (this.stoppedAt === undefined && taskStopped) {
            this.stoppedAt = now;
            outcome = 'changed';
        }
        if (!this.runningSeen && view?.lastStatus === 'RUNNING') {
            this.runningSeen = true;
            outcome ??= 'started';
        }
        return outcome;
    }
    /** A GetLogEvents call succeeded: the stream exists. */
    found() {
        this.streamSeen = true;
    }
    /** CloudWatch answered a call at `at` (a page or "not found"): any outage is over. */
    answered(at) {
        this.lastAnswerAt = at;
        this.failingNow = false;
    }
    /** A call failed with a transient error: the give-up time now counts from the last answer. */
    failed() {
        this.failingNow = true;
    }
    get failing() {
        return this.failingNow;
    }
    /** How long ago CloudWatch last answered for this stream. */
    sinceAnswer(now) {
        return now - this.lastAnswerAt;
    }
    /** The container was seen running or exited, or its stream found: it may have lines. */
    get begun() {
        return (this.runningSeen ||
            this.streamSeen ||
            this.exitedAt !== undefined ||
            this.stoppedAt !== undefined);
    }
    /** The container was seen exited: the stream is draining. */
    get draining() {
        return this.exitedAt !== undefined;
    }
    get exists() {
        return this.streamSeen;
    }
    eventsReceived(now) {
        this.lastEventAt = now;
    }
    /** A poll started at `startedAt` found the end of the stream with nothing new, or no stream. */
    quiet(startedAt) {
        this.lastQuietPollAt = startedAt;
    }
    /**
     * Quiet long enough from here on means drained; undefined while the task runs (a container
     * that exited early may still have lines in flight when its task stops, and following it until
     * then costs the step nothing).
     */
    quietDeadline() {
        if (this.exitedAt === undefined || this.stoppedAt === undefined)
            return undefined;
        return Math.max(this.exitedAt + DRAIN_QUIET_MS, this.stoppedAt, (this.lastEventAt ?? -Infinity) + DRAIN_AFTER_EVENT_MS);
    }
    end(now) {
        const ran = this.exitCodeKnown || this.streamSeen || this.runningSeen;
        if (this.stoppedAt !== undefined && !ran)
            return 'never-ran';
        const deadline = this.quietDeadline();
        if (deadline !== undefined &&
            this.lastQuietPollAt !== undefined &&
            this.lastQuietPollAt >= deadline) {
            return 'drained';
        }
        // The caps end waits that prove nothing (errors, a stream that never settles), never the
        // reading of a backlog: a stream that returned events within the quiet period goes on.
        if (this.stoppedAt !== undefined) {
            const reading = this.lastEventAt !== undefined && now - this.lastEventAt < DRAIN_QUIET_MS;
            const giveUpAt = reading ? this.stoppedAt + DRAIN_BACKLOG_CAP_MS : this.capAt(this.stoppedAt);
            if (now >= giveUpAt)
                return 'hard-cap';
        }
        return undefined;
    }
    /**
     * When a stream that is not reading a backlog is given up: DRAIN_HARD_CAP_MS after STOPPED,
     * or, while its calls fail, DRAIN_OUTAGE_MS after the last answer if that is later.
     */
    capAt(stoppedAt) {
        const cap = stoppedAt + DRAIN_HARD_CAP_MS;
        return this.failingNow ? Math.max(cap, this.lastAnswerAt + DRAIN_OUTAGE_MS) : cap;
    }
    /**
     * When the stream's loop must act next, given when its polling schedule wants the next call
     * and when the last call started: a poll is due at the quiet deadline (to prove the quiet),
     * unless one already started since; and the hard cap must be noticed on time.
     */
    nextActionAt(scheduledAt, lastPollAt) {
        let at = scheduledAt;
        const deadline = this.quietDeadline();
        if (deadline !== undefined && (lastPollAt === undefined || lastPollAt < deadline)) {
            at = Math.min(at, deadline);
        }
        if (this.stoppedAt !== undefined) {
            // Wake at the cap to give up on time, unless a poll since then showed the stream alive.
            const capAt = this.capAt(this.stoppedAt);
            if (lastPollAt === undefined || lastPollAt < capAt)
                at = Math.min(at, capAt);
        }
        return at;
    }
    /** How long ago the task was seen STOPPED (0 before). */
    sinceStopped(now) {
        return this.stoppedAt === undefined ? 0 : now - this.stoppedAt;
    }
}

// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/kit/sentences.ts
var sentences = __webpack_require__(3530);
;// CONCATENATED MODULE: ./src/logs/limiter.ts
/**
 * How much the step waits on a call: the most urgent waiting call is let through first. A
 * drain's call decides when the step may end, a backlog's when its lines print, a poll of a
 * running stream only how fresh the lines are.
 */
const Urgency = {
    /** A stream of a stopped task proving it has drained: the step's end waits for it. */
    DRAIN: 0,
    /** The next page of a backlog, or a stream known to have news. */
    BACKLOG: 1,
    /** A running stream's regular poll. */
    POLL: 2,
    /** A stream that has been quiet for a while. */
    IDLE: 3
};
/**
 * At most `limit` calls start in any window of `windowMs`, across every caller. A sliding window
 * rather than a refilling bucket: a bucket lets a full burst plus its refill through in one
 * second, the window never does. When several callers wait, the most urgent goes first, and
 * callers of the same urgency are served first come, first served, so no stream starves among
 * its peers; the start times checked are the real ones, taken when a caller is let through.
 */
class CallLimiter {
    clock;
    limit;
    windowMs;
    starts = [];
    waiters = [];
    pumping = false;
    order = 0;
    constructor(clock, limit, windowMs) {
        this.clock = clock;
        this.limit = limit;
        this.windowMs = windowMs;
    }
    /** Resolves true when the caller may start its call now, false when `signal` aborted first. */
    acquire(signal, urgency = Urgency.POLL) {
        if (signal?.aborted)
            return Promise.resolve(false);
        return new Promise((resolve) => {
            const waiter = {
                urgency,
                order: this.order++,
                grant: (granted) => {
                    signal?.removeEventListener('abort', onAbort);
                    resolve(granted);
                }
            };
            const onAbort = () => {
                const at = this.waiters.indexOf(waiter);
                if (at >= 0)
                    this.waiters.splice(at, 1);
                waiter.grant(false);
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            this.waiters.push(waiter);
            this.pump().catch(() => {
                // Only the clock can fail here: nobody waits forever on a limiter that broke.
                for (const w of this.waiters.splice(0))
                    w.grant(false);
            });
        });
    }
    /** Calls let through in the window ending now (for figures and tests). */
    inWindow() {
        const now = this.clock.now();
        return this.starts.filter((start) => start > now - this.windowMs).length;
    }
    async pump() {
        if (this.pumping)
            return;
        this.pumping = true;
        try {
            while (this.waiters.length > 0) {
                const now = this.clock.now();
                const oldest = this.starts.length < this.limit ? undefined : this.starts[0];
                const wait = oldest === undefined ? 0 : oldest + this.windowMs - now;
                if (wait > 0) {
                    // Let the callers just let through start their calls before time moves on.
                    await new Promise((resolve) => setImmediate(resolve));
                    await this.clock.sleep(wait);
                    continue;
                }
                const next = this.mostUrgent();
                this.waiters.splice(this.waiters.indexOf(next), 1);
                this.starts.push(now);
                if (this.starts.length > this.limit)
                    this.starts.shift();
                next.grant(true);
            }
        }
        finally {
            this.pumping = false;
        }
    }
    mostUrgent() {
        let best = this.waiters[0];
        for (const waiter of this.waiters) {
            if (waiter.urgency < best.urgency ||
                (waiter.urgency === best.urgency && waiter.order < best.order)) {
                best = waiter;
            }
        }
        return best;
    }
}
/**
 * At most `size` holders at once; waiters are served most urgent first (see Urgency), then first
 * come, first served.
 */
class Slots {
    free;
    waiting = [];
    order = 0;
    constructor(size) {
        this.free = size;
    }
    async take(urgency = Urgency.POLL) {
        if (this.free > 0)
            this.free -= 1;
        else {
            await new Promise((wake) => this.waiting.push({ urgency, order: this.order++, wake }));
        }
        let released = false;
        return () => {
            if (released)
                return;
            released = true;
            const next = this.next();
            if (next)
                next.wake();
            else
                this.free += 1;
        };
    }
    next() {
        let best = -1;
        for (const [i, w] of this.waiting.entries()) {
            const b = this.waiting[best];
            if (!b || w.urgency < b.urgency || (w.urgency === b.urgency && w.order < b.order))
                best = i;
        }
        return best < 0 ? undefined : this.waiting.splice(best, 1)[0];
    }
}

;// CONCATENATED MODULE: ./src/logs/filter-reads.ts



/**
 * Reads many streams of one log group with one FilterLogEvents call (up to 100 named streams)
 * instead of one GetLogEvents each. Requests wait for the step's call budget together: those
 * that arrive meanwhile join the same call, so the more streams wait, the fewer calls each costs.
 * A search over a time range returns again what it returned before: the caller keeps what it
 * printed recently (RecentEvents) to print each event once.
 */
class FilterReads {
    deps;
    pending = new Map();
    /** Groups where FilterLogEvents is denied or refused: their streams are read with GetLogEvents. */
    unusable = new Set();
    constructor(deps) {
        this.deps = deps;
    }
    usable(region, group) {
        return !this.unusable.has(keyOf(region, group));
    }
    read(request) {
        const key = keyOf(request.region, request.group);
        return new Promise((answer) => {
            const queue = this.pending.get(key);
            if (queue) {
                const least = Math.min(...queue.map((p) => p.request.urgency));
                queue.push({ request, answer });
                // A more urgent request does not wait behind the batch's place in the queue.
                if (request.urgency < least)
                    this.startFlush(key, request.urgency);
                return;
            }
            this.pending.set(key, [{ request, answer }]);
            this.startFlush(key, request.urgency);
        });
    }
    /** A call for the group's waiting streams, once the budget lets it through. */
    startFlush(key, urgency) {
        this.flush(key, urgency).catch(() => {
            // Only the limiter's clock can fail here: the waiting streams read on their own instead.
            for (const p of this.pending.get(key) ?? [])
                p.answer({ kind: 'unusable' });
            this.pending.delete(key);
        });
    }
    async flush(key, urgency) {
        const { clock, limiter, signal } = this.deps;
        if (!(await limiter.acquire(signal, urgency))) {
            for (const p of this.pending.get(key) ?? [])
                p.answer({ kind: 'aborted' });
            this.pending.delete(key);
            return;
        }
        const queue = this.pending.get(key);
        if (!queue || queue.length === 0)
            return;
        const batch = queue.splice(0, MAX_FILTER_STREAMS);
        if (queue.length === 0)
            this.pending.delete(key);
        else
            this.startFlush(key, Math.min(...queue.map((p) => p.request.urgency)));
        const startedAt = clock.now();
        try {
            const { found, complete } = await this.search(batch, urgency);
            for (const { request, answer } of batch) {
                answer({ kind: 'events', events: found.get(request.stream) ?? [], startedAt, complete });
            }
        }
        catch (error) {
            const kind = (0,errors/* classifyAwsError */.u3)(error).kind;
            if (kind === 'throttled' || kind === 'server' || kind === 'network') {
                for (const { answer } of batch)
                    answer({ kind: 'failed', error, startedAt });
                return;
            }
            // Denied (no logs:FilterLogEvents) or refused: this group's streams are read one by one.
            // "Not found" (a named stream gone) only sends this batch to GetLogEvents, which tells.
            if (kind !== 'not-found')
                this.unusable.add(key);
            for (const { answer } of batch)
                answer({ kind: 'unusable' });
        }
    }
    /** The batch's events by stream, each from its own `since`; the first call is already paid. */
    async search(batch, urgency) {
        const first = batch[0].request;
        const since = new Map(batch.map((p) => [p.request.stream, p.request.since]));
        const found = new Map();
        let nextToken;
        for (let page = 0; page < MAX_FILTER_PAGES; page++) {
            if (page > 0 && !(await this.deps.limiter.acquire(this.deps.signal, urgency)))
                break;
            const answer = await this.deps.filterLogEvents(first.region, {
                logGroupName: first.group,
                logStreamNames: [...since.keys()],
                startTime: Math.min(...since.values()),
                ...(nextToken === undefined ? {} : { nextToken })
            });
            for (const event of answer.events ?? []) {
                const stream = event.logStreamName ?? '';
                const from = since.get(stream);
                if (from === undefined || (event.timestamp ?? 0) < from)
                    continue;
                const list = found.get(stream);
                if (list)
                    list.push(event);
                else
                    found.set(stream, [event]);
            }
            nextToken = answer.nextToken;
            if (nextToken === undefined)
                return { found, complete: true };
        }
        return { found, complete: false };
    }
}
/**
 * The events of one stream printed recently (stamped within `keepMs` of the newest), counted by
 * content: a search that returns them again prints only what is beyond those counts, so two
 * identical lines are both printed and a line returned twice is printed once.
 */
class RecentEvents {
    keepMs;
    counts = new Map();
    /** The newest timestamp printed. */
    newest;
    constructor(keepMs) {
        this.keepMs = keepMs;
    }
    /** After printing `events` (however read): remembers them. */
    printed(events) {
        for (const event of events) {
            const key = filter_reads_fingerprint(event);
            const timestamp = event.timestamp ?? 0;
            const entry = this.counts.get(key);
            if (entry)
                entry.count += 1;
            else
                this.counts.set(key, { count: 1, timestamp });
            if (this.newest === undefined || timestamp > this.newest)
                this.newest = timestamp;
        }
        this.prune();
    }
    /** Of a search's answer (every event from a time on), those not printed yet, in order. */
    fresh(events) {
        const seen = new Map();
        const fresh = [];
        for (const event of events) {
            const key = filter_reads_fingerprint(event);
            const n = (seen.get(key) ?? 0) + 1;
            seen.set(key, n);
            if (n > (this.counts.get(key)?.count ?? 0))
                fresh.push(event);
        }
        return fresh;
    }
    /** Where a search must start to see every event that may still be unread. */
    since(fallback) {
        return (this.newest ?? fallback) - this.keepMs;
    }
    prune() {
        if (this.newest === undefined)
            return;
        const oldest = this.newest - this.keepMs;
        for (const [key, entry] of this.counts)
            if (entry.timestamp < oldest)
                this.counts.delete(key);
    }
}
function filter_reads_fingerprint(event) {
    const message = event.message ?? '';
    const body = message.length <= 256 ? message : (0,external_node_crypto_.createHash)('sha1').update(message).digest('base64');
    return `${event.timestamp ?? ''}\u0000${event.ingestionTime ?? ''}\u0000${body}`;
}
function keyOf(region, group) {
    return `${region}\u0000${group}`;
}

// EXTERNAL MODULE: ./src/logs/targets.ts + 1 modules
var targets = __webpack_require__(5211);
;// CONCATENATED MODULE: ./src/logs/streamer.ts








/**
 * Follows the CloudWatch log streams of the tasks' containers with GetLogEvents, printing every
 * event exactly once and in order per stream, until each stream has drained after its container
 * exited (see DrainState and policy.ts). Log problems never fail the step: they are warned about
 * and the task's verdict does not depend on them.
 */
class LogStreamer {
    deps;
    follows = [];
    runs = [];
    started = false;
    /** Every CloudWatch Logs call of the step, whatever the operation or the stream. */
    limiter;
    filter;
    pages = new Slots(MAX_PAGES_IN_MEMORY);
    stop = new AbortController();
    warned = new Set();
    warnings = 0;
    /** Streams followed and not finished. */
    live = 0;
    constructor(targets, deps) {
        this.deps = deps;
        this.limiter = new CallLimiter(deps.clock, MAX_CALLS_PER_SECOND, LIMITER_WINDOW_MS);
        const filterLogEvents = deps.filterLogEvents;
        this.filter = filterLogEvents
            ? new FilterReads({
                filterLogEvents: (region, input) => filterLogEvents(region, input),
                clock: deps.clock,
                limiter: this.limiter,
                signal: this.stop.signal
            })
            : undefined;
        this.add(targets);
    }
    /** Begins polling every target concurrently. */
    start() {
        if (this.started)
            return;
        this.started = true;
        for (const follow of this.follows)
            this.runs.push(this.follow(follow));
    }
    /** More streams to follow (a task started again), under the same budgets. */
    add(targets) {
        const now = this.deps.clock.now();
        for (const target of targets) {
            const follow = {
                target,
                cursor: new LogCursor(),
                drain: new DrainState(now),
                dueAt: now,
                lastPollAt: undefined,
                emptyPolls: 0,
                emptyHops: 0,
                failures: 0,
                abandoned: false,
                printing: Promise.resolve(),
                wake: new AbortController(),
                waitingNoted: false,
                retryNoted: false,
                catchingUp: false,
                lastError: undefined,
                recent: undefined,
                printedUnkept: false,
                shared: false,
                getSince: undefined,
                dedupeNext: false,
                taskCreatedAt: undefined,
                done: false
            };
            this.follows.push(follow);
            this.deps.printer.opened(target.label);
            this.live += 1;
            if (this.filter && this.follows.length > FILTER_ABOVE_STREAMS) {
                follow.recent = new RecentEvents(FILTER_LOOKBACK_MS);
            }
            if (this.started)
                this.runs.push(this.follow(follow));
        }
    }
    /** After each DescribeTasks: the current view of the tasks. */
    update(tasks) {
        const now = this.deps.clock.now();
        for (const follow of this.follows) {
            const task = tasks.find((candidate) => candidate.taskArn === follow.target.taskArn);
            if (task === undefined)
                continue;
            follow.taskCreatedAt ??= task.createdAt?.getTime();
            const news = follow.drain.observe(task, follow.target.container, now);
            if (news === 'started' && !follow.drain.exists) {
                // The stream appears when the container starts: look now rather than at the end of a
                // backoff, so the first lines are not late.
                follow.dueAt = now;
                follow.emptyPolls = 0;
            }
            if (news !== undefined)
                follow.wake.abort();
        }
    }
    /** Resolves when every stream, including those added meanwhile, has drained (or was abandoned). */
    async finished() {
        for (let done = 0; done < this.runs.length;) {
            const count = this.runs.length;
            await Promise.all(this.runs.slice(done));
            done = count;
        }
    }
    /** Cancel/timeout: stop polling soon (the page in flight is still printed). */
    abort() {
        this.stop.abort();
        for (const follow of this.follows)
            follow.wake.abort();
    }
    async follow(follow) {
        const { clock } = this.deps;
        try {
            for (;;) {
                if (this.stop.signal.aborted || follow.abandoned)
                    return;
                const now = clock.now();
                const end = follow.drain.end(now);
                if (end !== undefined) {
                    if (end === 'hard-cap')
                        this.hardCapped(follow);
                    return;
                }
                let at = follow.drain.nextActionAt(follow.dueAt, follow.lastPollAt);
                // With many streams, a container not seen running yet has no stream to read: after a
                // first look, wait for ECS's news (update() wakes the stream) rather than spend the
                // budget on "not found".
                const { lastPollAt } = follow;
                if (this.live > FILTER_ABOVE_STREAMS && !follow.drain.begun && lastPollAt !== undefined) {
                    at = Math.max(at, lastPollAt + NOT_STARTED_POLL_MS);
                }
                if (at > now) {
                    follow.wake = new AbortController();
                    await clock.sleep(at - now, follow.wake.signal);
                    continue;
                }
                // One page per stream at a time, and a few for the whole step: memory stays flat
                // however many streams read backlogs at once.
                await follow.printing;
                if (this.sharing(follow) && (await this.readShared(follow)))
                    continue;
                if (this.stop.signal.aborted)
                    return;
                const urgency = this.urgency(follow);
                const release = await this.pages.take(urgency);
                if (!(await this.limiter.acquire(this.stop.signal, urgency)))
                    return release();
                // The slot is freed once this page is printed, without holding up the next poll (the
                // printing promise never rejects: a failed write is caught where it is made).
                await this.poll(follow).finally(() => {
                    follow.printing.then(release, release);
                });
            }
        }
        catch (error) {
            // A bug here must not fail the step over logs.
            this.warnOnce(`crash:${follow.target.label}`, (0,sentences/* joinSentences */.DP)(`Stopped streaming the logs of ${follow.target.label}: ${(0,errors/* errorNameAndMessage */.ou)(error)}`, `The task's result does not depend on its logs`));
        }
        finally {
            follow.done = true;
            this.live -= 1;
            await follow.printing;
            await this.deps.printer.closed(follow.target.label);
        }
    }
    /** How much the step waits on this stream's next read (see Urgency). */
    urgency(follow) {
        if (follow.drain.draining)
            return Urgency.DRAIN;
        if (follow.catchingUp)
            return Urgency.BACKLOG;
        return follow.emptyPolls >= 2 ? Urgency.IDLE : Urgency.POLL;
    }
    /**
     * Whether the stream's next read is a shared one (FilterLogEvents, with other streams): only
     * with many streams (with few, each is read on its own as ever), once the stream exists (a
     * missing named stream fails the whole call), and not for a stream every task shares (read
     * from a time, not a token); a stream read so once stays so.
     */
    sharing(follow) {
        const { target } = follow;
        if (this.filter === undefined || !this.filter.usable(target.region, target.group))
            return false;
        if (follow.shared)
            return true;
        if (target.startTime !== undefined || !follow.drain.exists)
            return false;
        if (follow.recent === undefined) {
            if (follow.printedUnkept)
                return false;
            follow.recent = new RecentEvents(FILTER_LOOKBACK_MS);
        }
        return this.live > FILTER_ABOVE_STREAMS;
    }
    /** One shared read; false when GetLogEvents must read the stream instead (now). */
    async readShared(follow) {
        const { clock } = this.deps;
        const { target, drain } = follow;
        const recent = follow.recent;
        const since = recent.since(follow.taskCreatedAt ?? clock.now());
        const answer = await this.filter.read({
            region: target.region,
            group: target.group,
            stream: target.stream,
            since,
            urgency: this.urgency(follow)
        });
        switch (answer.kind) {
            case 'aborted':
                return true;
            case 'unusable':
                this.fallBack(follow, since);
                return false;
            case 'failed':
                follow.lastPollAt = answer.startedAt;
                this.failed(follow, answer.error, answer.startedAt);
                return true;
            case 'events':
                break;
        }
        const { startedAt, complete } = answer;
        follow.shared = true;
        follow.lastPollAt = startedAt;
        follow.failures = 0;
        drain.answered(clock.now());
        const fresh = recent.fresh(answer.events);
        follow.catchingUp = !complete;
        follow.emptyHops = 0;
        if (fresh.length > 0) {
            recent.printed(fresh);
            drain.eventsReceived(clock.now());
            follow.emptyPolls = 0;
            this.print(follow, fresh);
            follow.dueAt = complete ? startedAt + busyPoll(drain.draining) : clock.now();
        }
        else if (!complete) {
            follow.dueAt = clock.now();
        }
        else {
            drain.quiet(startedAt);
            follow.dueAt = startedAt + (drain.draining ? DRAIN_POLL_MS : idleDelay(follow.emptyPolls));
            follow.emptyPolls += 1;
        }
        return true;
    }
    /**
     * FilterLogEvents cannot serve the stream (denied, refused): GetLogEvents reads it again from
     * `since`, its first page leaving out what shared reads printed.
     */
    fallBack(follow, since) {
        if (!follow.shared)
            return;
        follow.shared = false;
        follow.cursor = new LogCursor();
        follow.getSince = since;
        follow.dedupeNext = true;
    }
    /** Queues decoded messages of `events` for printing and for the other readers. */
    print(follow, events) {
        const { target } = follow;
        const { decode } = target;
        const messages = events.flatMap((event) => {
            const message = event.message ?? '';
            const line = decode ? decode(message) : message;
            return line === undefined ? [] : [line];
        });
        // The loop waited for the previous page to print before this call (one page per stream).
        follow.printing = this.deps.printer
            .write(target.label, messages, target.shard !== undefined || undefined)
            .catch(() => undefined);
        // After the page is queued, so what a reader prints about it comes after its lines.
        this.deps.onMessages?.(target, messages);
    }
    async poll(follow) {
        const { clock } = this.deps;
        const { target, cursor, drain } = follow;
        const startedAt = clock.now();
        follow.lastPollAt = startedAt;
        let page;
        try {
            const token = cursor.token;
            const startTime = follow.getSince ?? target.startTime;
            page = await this.deps.getLogEvents(target.region, {
                logGroupName: target.group,
                logStreamName: target.stream,
                startFromHead: true,
                ...(startTime === undefined ? {} : { startTime }),
                ...(token === undefined ? {} : { nextToken: token })
            });
        }
        catch (error) {
            this.failed(follow, error, startedAt);
            return;
        }
        follow.failures = 0;
        drain.found();
        drain.answered(clock.now());
        const step = cursor.advance(page);
        const full = isFullPage(page.events ?? []);
        follow.catchingUp = full && step.events.length > 0;
        let events = step.events;
        if (follow.dedupeNext && follow.recent)
            events = follow.recent.fresh(events);
        follow.dedupeNext = false;
        if (follow.recent)
            follow.recent.printed(events);
        else if (events.length > 0)
            follow.printedUnkept = true;
        if (step.events.length > 0) {
            drain.eventsReceived(clock.now());
            follow.emptyPolls = 0;
            follow.emptyHops = 0;
            this.print(follow, events);
            follow.dueAt = full ? clock.now() : startedAt + busyPoll(drain.draining);
        }
        else if (full) {
            // A full page of repeats: the next page is certainly there.
            follow.dueAt = clock.now();
        }
        else if (step.moved && follow.emptyHops < MAX_EMPTY_HOPS) {
            // An empty page with a new token: CloudWatch skipped an empty stretch, more may follow.
            follow.emptyHops += 1;
            follow.dueAt = clock.now();
        }
        else if (step.moved) {
            follow.emptyHops = 0;
            follow.dueAt = startedAt + BUSY_POLL_MS;
        }
        else {
            drain.quiet(startedAt);
            follow.emptyHops = 0;
            follow.dueAt = startedAt + (drain.draining ? DRAIN_POLL_MS : idleDelay(follow.emptyPolls));
            follow.emptyPolls += 1;
        }
    }
    failed(follow, error, startedAt) {
        const { target } = follow;
        follow.catchingUp = false;
        switch ((0,errors/* classifyAwsError */.u3)(error).kind) {
            case 'not-found':
                // Not created yet (the container has not started logging) or the group does not exist
                // yet: both are waited for; the drain ends the wait if nothing ever comes.
                follow.drain.answered(this.deps.clock.now());
                follow.drain.quiet(startedAt);
                follow.failures = 0;
                if (!follow.waitingNoted) {
                    follow.waitingNoted = true;
                    this.note(`waiting for log stream ${target.stream} in ${target.group} (${target.label})`);
                }
                follow.dueAt = startedAt + idleDelay(follow.emptyPolls);
                follow.emptyPolls += 1;
                return;
            case 'throttled':
            case 'server':
            case 'network': {
                follow.failures += 1;
                follow.lastError = error;
                follow.drain.failed();
                const delay = errorDelay(follow.failures, this.deps.random);
                follow.dueAt = startedAt + delay;
                // Once per stream: each note briefly resumes workflow commands, and the runner echoes
                // those switches, so a flapping stream must not fill the log with them.
                if (!follow.retryNoted) {
                    follow.retryNoted = true;
                    this.note(`${(0,sentences/* clause */.sb)((0,errors/* callFailedMessage */.Vf)(error, `GetLogEvents for ${target.label}`))}; retrying in ${Math.round(delay)} ms`);
                }
                if (follow.failures === ERROR_WARN_AFTER) {
                    this.warnOnce(`slow:${target.label}`, `Reading the logs of ${target.label} failed ${ERROR_WARN_AFTER} times in a row ` +
                        `(${(0,sentences/* clause */.sb)((0,errors/* errorNameAndMessage */.ou)(error))}); still retrying, lines may arrive late.`);
                }
                return;
            }
            case 'denied':
                follow.abandoned = true;
                this.warnOnce(`denied:${target.region}:${target.group}`, `Cannot stream the logs of ${target.label}: access denied to log group ${target.group} ` +
                    `(${(0,sentences/* clause */.sb)((0,errors/* errorNameAndMessage */.ou)(error))}). The task's result does not depend on its logs. ` +
                    `Allow logs:GetLogEvents on ${(0,targets/* logGroupArn */.JV)(target)} for the role the action runs as.`);
                return;
            default:
                follow.abandoned = true;
                this.warnOnce(`fatal:${target.region}:${target.group}:${(0,errors/* errorNameAndMessage */.ou)(error)}`, (0,sentences/* joinSentences */.DP)(`Stopped streaming the logs of ${target.label} (log group ${target.group}, stream ` +
                    `${target.stream}): ${(0,errors/* errorNameAndMessage */.ou)(error)}`, `The task's result does not depend on its logs`));
                return;
        }
    }
    hardCapped(follow) {
        const { target, drain } = follow;
        const now = this.deps.clock.now();
        const stopped = Math.floor(drain.sinceStopped(now) / 1000);
        const link = `any later lines are in CloudWatch: ${(0,targets/* logConsoleUrl */.xD)(target)}`;
        if (drain.failing) {
            this.warn(`Stopped following the logs of ${target.label}: CloudWatch Logs has not answered for ` +
                `${Math.floor(drain.sinceAnswer(now) / 1000)} s (${(0,sentences/* clause */.sb)((0,errors/* callFailedMessage */.Vf)(follow.lastError, 'GetLogEvents'))}) ` +
                `and its task stopped ${stopped} s ago; ${link}`);
            return;
        }
        this.warn(`Stopped following the logs of ${target.label} ${stopped} s after its task stopped; ${link}`);
    }
    warnOnce(key, message) {
        if (this.warned.has(key))
            return;
        this.warned.add(key);
        this.warn(message);
    }
    /**
     * The action's own messages go through the printer so that they come after the lines already
     * printed and the runner processes them (commands are stopped while task lines are printed).
     */
    warn(message) {
        this.warnings += 1;
        if (this.warnings > MAX_LOG_WARNINGS) {
            // A plain line: the annotations of a step are few (see MAX_LOG_WARNINGS).
            this.deps.printer.noteSoon(`Warning: ${message}`);
            return;
        }
        const more = this.warnings === MAX_LOG_WARNINGS
            ? ' (Further log warnings of this step are plain lines of the log.)'
            : '';
        this.deps.printer.commandSoon(() => this.deps.warn(message + more));
    }
    note(message) {
        const log = this.deps.log;
        if (log)
            this.deps.printer.commandSoon(() => log(message));
    }
}
/** After a page with events: the next poll, sooner once the container exited (see pacing.ts). */
function busyPoll(draining) {
    return draining ? DRAIN_POLL_MS : BUSY_POLL_MS;
}

// EXTERNAL MODULE: ./src/kit/markdown.ts
var markdown = __webpack_require__(1007);
;// CONCATENATED MODULE: ./src/logs/tail.ts


/** Lines kept per stream: enough to show an error and its context, short enough to read at a glance. */
const TAIL_LINES = 10;
/** Characters kept of one line. */
const TAIL_LINE_CHARS = 240;
/** Terminal colours and other control characters: noise in an annotation or the summary. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f]/g;
/**
 * The last lines of each (task, container) log stream, taken from the pages the streamer already
 * read (no CloudWatch call of its own), so a failure can quote what the container said last.
 * Lines are split as the printer splits them; blank lines are skipped.
 */
class LogTail {
    keep;
    width;
    streams = new Map();
    constructor(keep = TAIL_LINES, width = TAIL_LINE_CHARS) {
        this.keep = keep;
        this.width = width;
    }
    /** One page of a stream, in order (a LogReader: the streamer hands it every page). */
    read(target, messages) {
        const key = tail_keyOf(target.taskArn, target.container);
        const fresh = [];
        // From the end: a page of 10,000 events costs only the lines that are kept.
        for (let i = messages.length - 1; i >= 0 && fresh.length < this.keep; i--) {
            const lines = splitMessage(messages[i] ?? '');
            for (let j = lines.length - 1; j >= 0 && fresh.length < this.keep; j--) {
                const line = (lines[j] ?? '').replace(ANSI, '').trimEnd();
                if (line.trim() !== '')
                    fresh.push((0,markdown/* clip */.$Q)(line, this.width));
            }
        }
        if (fresh.length === 0)
            return;
        fresh.reverse();
        const kept = [...(this.streams.get(key) ?? []), ...fresh];
        this.streams.set(key, kept.slice(-this.keep));
    }
    /** The last lines of one container of one task; empty when none were read. */
    last(taskArn, container) {
        return this.streams.get(tail_keyOf(taskArn, container)) ?? [];
    }
}
function tail_keyOf(taskArn, container) {
    return `${taskArn}\u0000${container}`;
}
/** As LogPrinter prints a message: one trailing newline dropped, then one line per newline. */
function splitMessage(message) {
    return withoutLineEnd(message).split(/\r?\n/);
}

// EXTERNAL MODULE: ./src/kit/time.ts
var time = __webpack_require__(6571);
;// CONCATENATED MODULE: ./src/report/progress.ts




/** The statuses a reader of the step log follows; the others are said at debug level. */
const SHOWN = new Set(['PROVISIONING', 'RUNNING', 'STOPPED']);
/** Statuses of a task that has got past RUNNING, if it ever ran. */
const AFTER_RUNNING = new Set(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
/**
 * Turns successive DescribeTasks views into one line per change (task status, container
 * exit), so the log tells the task's story without repeating itself every poll. Lines name
 * the task only when there are several: "The task is RUNNING (+12 s)", "Container app exited
 * with code 0"; "Task 0a1b… is RUNNING (+12 s)", "Task 0a1b…: container app exited with code 0".
 *
 * The story reads in the order things happened whatever the polls saw: a task that ran says it
 * did (RUNNING) before its first log line and before any later status, even when no poll saw it
 * RUNNING; a container's exit and the task's STOPPED come after the container's last log lines.
 */
class ProgressReporter {
    options;
    seen = new Map();
    /** Tasks whose RUNNING line was said. */
    ran = new Set();
    many = false;
    constructor(options) {
        this.options = options;
    }
    /**
     * The line due before the first log line of stream `label` (a task id and a container): that
     * the task is RUNNING, unless it was said already.
     */
    beforeFirstLine(label) {
        const id = label.slice(0, label.indexOf('/'));
        if (id === '' || this.ran.has(id))
            return undefined;
        this.ran.add(id);
        this.seen.set(id, 'RUNNING');
        return this.runningLine(id);
    }
    update(tasks) {
        const many = tasks.length > 1;
        this.many = many;
        for (const task of tasks) {
            const id = (0,links/* taskId */.BS)(task.taskArn ?? '');
            // Seen PROVISIONING, then already stopping: it ran in between, if it started at all;
            // said before the containers' exits.
            const status = task.lastStatus ?? '';
            if (AFTER_RUNNING.has(status) && !this.ran.has(id) && startedRunning(task)) {
                this.ran.add(id);
                this.options.say(this.runningLine(id, task));
            }
            // Containers exit before their task stops: when one view shows both, say it in that order.
            if (task.lastStatus === 'STOPPED') {
                this.containers(task, id, many);
                this.status(task, id, many);
            }
            else {
                this.status(task, id, many);
                this.containers(task, id, many);
            }
        }
    }
    status(task, id, many) {
        this.once(id, task.lastStatus ?? '', (status) => {
            if (status === 'MISSING' || status === '')
                return;
            // Said already (before its first log line), or a poll answered from a stale view.
            if (this.ran.has(id) && !AFTER_RUNNING.has(status))
                return;
            if (status === 'RUNNING')
                this.ran.add(id);
            const who = many ? `Task ${id}` : 'The task';
            const why = status === 'STOPPED' && task.stoppedReason ? `: ${(0,sentences/* clause */.sb)(task.stoppedReason)}` : '';
            const line = `${who} is ${status} (+${(0,time/* formatDuration */.a)(this.offset(task, status))})${why}`;
            if (status === 'STOPPED')
                this.afterLogs(labelsOf(task, id), line);
            else if (SHOWN.has(status))
                this.options.say(line);
            else
                this.options.debug(line);
        });
    }
    runningLine(id, task) {
        const who = this.many ? `Task ${id}` : 'The task';
        const at = task ? this.offset(task, 'RUNNING') : this.options.elapsed();
        return `${who} is RUNNING (+${(0,time/* formatDuration */.a)(at)})`;
    }
    /**
     * When the task reached `status`, from ECS's own times where it gives them (startedAt,
     * stoppedAt, from createdAt), so the log agrees with the summary's durations however late a
     * poll saw it; else the time since RunTask.
     */
    offset(task, status) {
        const at = status === 'RUNNING' ? task.startedAt : status === 'STOPPED' ? task.stoppedAt : undefined;
        if (at === undefined || task.createdAt === undefined)
            return this.options.elapsed();
        return Math.max(0, at.getTime() - task.createdAt.getTime());
    }
    afterLogs(labels, line) {
        if (this.options.sayAfterLogs)
            this.options.sayAfterLogs(labels, line);
        else
            this.options.say(line);
    }
    containers(task, id, many) {
        for (const c of task.containers ?? []) {
            if (c.lastStatus !== 'STOPPED')
                continue;
            this.once(`${id}/${c.name}`, 'STOPPED', () => {
                const who = many ? `Task ${id}: container ${c.name}` : `Container ${c.name}`;
                const code = c.exitCode ?? undefined;
                // The task's own reason (a pull error) is said once, on its STOPPED line.
                const own = c.reason && !task.stoppedReason?.includes(c.reason) ? c.reason : undefined;
                const why = own ? ` (${(0,sentences/* clause */.sb)(own)})` : '';
                this.afterLogs([(0,targets/* streamLabel */.dU)(id, c.name ?? '')], code === undefined
                    ? `${who} stopped without an exit code${why}`
                    : `${who} exited with code ${code}${why}`);
            });
        }
    }
    once(key, value, report) {
        if (this.seen.get(key) === value)
            return;
        this.seen.set(key, value);
        report(value);
    }
}
/** Whether the task got as far as running: ECS set startedAt, or a container exited. */
function startedRunning(task) {
    return (task.startedAt !== undefined ||
        (task.containers ?? []).some((c) => c.exitCode !== undefined && c.exitCode !== null));
}
/** The log streams a task's containers may have, as the printer names them. */
function labelsOf(task, id) {
    return (task.containers ?? []).map((c) => (0,targets/* streamLabel */.dU)(id, c.name ?? ''));
}

// EXTERNAL MODULE: ./src/run/task-outputs.ts + 1 modules
var task_outputs = __webpack_require__(8989);
;// CONCATENATED MODULE: ./src/run/job-view.ts
// What the step log shows while the job runs: the tasks' log lines and the action's own lines
// through one printer (in the order they happened; a log line never acts as a workflow command),
// the tasks' progress, and the readers of the log (last lines, task outputs).










/** A task ARN for what the task definition alone tells about the streams of any task. */
const PLACEHOLDER = 'arn:aws:ecs:::task/placeholder';
/** The log side of the job: printer, streamer, progress lines and the log's readers. */
class JobView {
    options;
    tail = new LogTail();
    outputs;
    printer;
    streamer;
    progress;
    shown = new Set();
    said = '';
    ended = false;
    constructor(options) {
        this.options = options;
        const { inputs } = options;
        this.outputs = new task_outputs/* IndexOutputs */.p(inputs.taskOutputs, options.container);
        const sharded = inputs.shards !== undefined;
        this.printer = new LogPrinter(process.stdout, {
            prefix: sharded || inputs.count > 1 || this.several()
        });
        const readers = [this.tail, this.outputs];
        // A reader's warning goes through the printer: after the lines it is about, as a command.
        const onMessages = fanOut(readers, ({ title, message }) => {
            this.printer.commandSoon(() => core/* warning */.$e(message, { title }));
        });
        this.streamer = new LogStreamer([], {
            ...logReads(),
            clock: options.clock,
            printer: this.printer,
            log: (m) => core/* debug */.Yz(m),
            warn: (m) => core/* warning */.$e(m),
            ...(onMessages ? { onMessages } : {})
        });
        this.progress = new ProgressReporter({
            say: (line) => this.say(line),
            debug: (line) => this.debug(line),
            elapsed: () => options.clock.now() - options.since,
            sayAfterLogs: (labels, line) => this.printer.noteAfterSoon(labels, line)
        });
        // One task's story in order: RUNNING before its first log line (shards say the job's line).
        if (!sharded)
            this.printer.beforeFirstLine((label) => this.progress.beforeFirstLine(label));
        this.sayShared();
    }
    /** Whether more than one container of a task is streamed: lines then need their label. */
    several() {
        return this.select([PLACEHOLDER]).targets.length > 1;
    }
    select(taskArns) {
        const { inputs } = this.options;
        if (!inputs.streamLogs)
            return { targets: [], skipped: [] };
        return (0,targets/* logTargets */.Xv)(this.options.containers, [...taskArns], inputs.region, inputs.logContainers, {
            since: this.options.since,
            shardOf: (arn) => this.options.shardOf(arn)
        });
    }
    start() {
        for (const skip of this.select([PLACEHOLDER]).skipped) {
            core/* info */.pq(`Not streaming the logs of ${skip.container}: ${skip.reason}`);
        }
        this.streamer.start();
    }
    /** A task was started for `index`: follow its streams. */
    follow(index, taskArn) {
        this.outputs.follow(index, taskArn);
        this.streamer.add(this.select([taskArn]).targets);
    }
    /** A line of the step log, in order with the tasks' lines. */
    say(line) {
        if (this.ended)
            core/* info */.pq(line);
        else
            this.printer.noteSoon(line);
    }
    /** A workflow command (an annotation, a notice) in order with the tasks' lines. */
    command(fn) {
        if (this.ended)
            fn();
        else
            this.printer.commandSoon(fn);
    }
    /**
     * A workflow command that keeps its place behind the lines waiting for streams: a task started
     * again is announced after the previous task's exit and STOPPED.
     */
    commandInOrder(fn) {
        if (this.ended)
            fn();
        else
            this.printer.commandInOrderSoon(fn);
    }
    /** Only with step debug logging on: a debug line resumes workflow commands. */
    debug(line) {
        if (core/* isDebug */._o())
            this.command(() => core/* debug */.Yz(line));
    }
    /** A fresh look at the tasks. */
    update(tasks, views) {
        this.streamer.update(tasks);
        if (this.options.inputs.shards === undefined)
            this.progress.update(tasks);
        else
            this.jobLine(views);
        this.execHint(tasks);
    }
    /**
     * With shards, one line per change of the whole job, as a GitHub matrix says it: `12 running,
     * 30 succeeded, 1 failed, 57 to start`, rather than a line per shard per poll.
     */
    jobLine(views, final = false) {
        // Without shards, progress lines tell each task's story instead.
        if (this.options.inputs.shards === undefined)
            return;
        const count = (phases) => views.filter((v) => phases.includes(v.phase)).length;
        // The line that says every shard ended comes after their last log lines (run() prints it
        // once the streams drained), not before lines CloudWatch delivers after a task stopped.
        if (!final && count(['succeeded', 'failed', 'stopped', 'unstarted']) === views.length)
            return;
        const parts = [
            [count(['starting']), 'starting'],
            [count(['running']), 'running'],
            [count(['pausing']), 'to start again'],
            [count(['succeeded']), 'succeeded'],
            [count(['failed']), 'failed'],
            [count(['stopped']), 'stopped'],
            [count(['unstarted']), 'not started'],
            [count(['waiting']), 'to start']
        ];
        const line = `Shards: ${parts
            .filter(([n]) => n > 0)
            .map(([n, what]) => `${n} ${what}`)
            .join(', ')}`;
        if (line === this.said)
            return;
        this.said = line;
        this.say(`${line} (+${Math.round((this.options.clock.now() - this.options.since) / 1000)} s).`);
    }
    /** Cancel/timeout: stop reading soon (the page in flight is still printed). */
    abort() {
        this.streamer.abort();
    }
    /** Every stream drained (or abandoned), then workflow commands are on again. */
    async finished() {
        try {
            await this.streamer.finished();
        }
        finally {
            await this.printer.end();
            this.ended = true;
        }
    }
    /** With ECS Exec on, print the command that opens a shell, once per task when it runs. */
    execHint(tasks) {
        const { inputs, container } = this.options;
        if (!inputs.enableExecuteCommand)
            return;
        for (const task of tasks) {
            const arn = task.taskArn ?? '';
            if (task.lastStatus !== 'RUNNING' || this.shown.has(arn))
                continue;
            this.shown.add(arn);
            this.say(`ECS Exec: aws ecs execute-command --region ${inputs.region} --cluster ${inputs.cluster} ` +
                `--task ${(0,links/* taskId */.BS)(arn)} --container ${container} --interactive --command "/bin/sh"`);
        }
    }
    /** A FireLens stream with a fixed name holds every task's lines: say how this task's are read. */
    sayShared() {
        const said = new Set();
        for (const t of this.select([PLACEHOLDER]).targets) {
            if (t.startTime === undefined || said.has(t.container))
                continue;
            said.add(t.container);
            core/* info */.pq(`The log stream ${t.group} ${t.stream} of ${t.container} is shared by every task (a fixed ` +
                'log_stream_name): its lines are read from when the task started' +
                (t.decode
                    ? ', leaving out the records of other tasks (their ecs_task_arn).'
                    : '; with log_key, lines of other tasks running at the same time show too.'));
        }
    }
}


/***/ })

};
