export const id = 756;
export const ids = [756];
export const modules = {

/***/ 2756:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RUN_TASK_UNIVERSAL_TARGET: () => (/* binding */ RUN_TASK_UNIVERSAL_TARGET),
  readScheduledRun: () => (/* binding */ readScheduledRun)
});

// EXTERNAL MODULE: ./src/aws/clients.ts + 1 modules
var clients = __webpack_require__(3234);
;// CONCATENATED MODULE: ./src/aws/schedule-clients.ts

/**
 * EventBridge Scheduler and EventBridge, for `schedule` only: loaded on demand, so a run without
 * it never loads their SDKs. The same user agent, retries, timeouts and proxy as ECS.
 */
async function createSchedulerClient(region) {
    const { SchedulerClient } = await __webpack_require__.e(/* import() */ 768).then(__webpack_require__.t.bind(__webpack_require__, 768, 19));
    return new SchedulerClient({
        region,
        customUserAgent: clients/* USER_AGENT */._O,
        retryMode: 'standard',
        maxAttempts: clients/* SDK_MAX_ATTEMPTS */.D3,
        requestHandler: (0,clients/* httpHandler */.bu)(clients/* HTTP_TIMEOUTS */.gM)
    });
}
async function createEventBridgeClient(region) {
    const { EventBridgeClient } = await __webpack_require__.e(/* import() */ 612).then(__webpack_require__.t.bind(__webpack_require__, 6612, 19));
    return new EventBridgeClient({
        region,
        customUserAgent: clients/* USER_AGENT */._O,
        retryMode: 'standard',
        maxAttempts: clients/* SDK_MAX_ATTEMPTS */.D3,
        requestHandler: (0,clients/* httpHandler */.bu)(clients/* HTTP_TIMEOUTS */.gM)
    });
}

// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/aws/retry-transient.ts + 2 modules
var retry_transient = __webpack_require__(251);
// EXTERNAL MODULE: ./src/inputs/problems.ts
var problems = __webpack_require__(8925);
// EXTERNAL MODULE: ./src/kit/sentences.ts
var sentences = __webpack_require__(3530);
;// CONCATENATED MODULE: ./src/ecs/schedule.ts





/** The universal target that calls ECS RunTask with its Input as the request. */
const RUN_TASK_UNIVERSAL_TARGET = 'arn:aws:scheduler:::aws-sdk:ecs:runTask';
const CLUSTER_ARN = /^arn:aws[-a-z]*:ecs:([a-z0-9-]+):\d{12}:cluster\/(.+)$/;
/**
 * Reads what `schedule` names (GetSchedule, or ListTargetsByRule for a rule) and returns its ECS
 * target as a RunTask request would carry it. Every problem with it is an InputError, before any
 * ECS call: unknown, not an ECS target, several ECS targets, an input transformed on the way, a
 * cluster in another region than the step's.
 */
async function readScheduledRun(ref, region, budget) {
    const run = ref.kind === 'rule' ? await readRule(ref, budget) : await readSchedule(ref, region, budget);
    const clusterRegion = CLUSTER_ARN.exec(run.cluster)?.[1];
    if (clusterRegion !== undefined && clusterRegion !== region) {
        throw new problems/* InputError */.d(`Input "schedule": ${run.what} runs its task in cluster ${run.cluster}, in region ` +
            `${clusterRegion}, not in this step's region ${region}. Set "aws-region: ${clusterRegion}" ` +
            '(or the region of configure-aws-credentials) to run it there.');
    }
    return run;
}
async function readSchedule(ref, stepRegion, budget) {
    const region = ref.region ?? stepRegion;
    const group = ref.group ?? 'default';
    const what = `schedule "${ref.name}" (group "${group}")`;
    const [{ GetScheduleCommand }, client] = await Promise.all([
        __webpack_require__.e(/* import() */ 768).then(__webpack_require__.t.bind(__webpack_require__, 768, 19)),
        createSchedulerClient(region)
    ]);
    let schedule;
    try {
        schedule = await (0,retry_transient/* retryTransient */.jh)('GetSchedule', () => client.send(new GetScheduleCommand({ Name: ref.name, GroupName: group })), budget);
    }
    catch (error) {
        const resource = `arn:aws:scheduler:${region}:ACCOUNT_ID:schedule/${group}/${ref.name}`;
        throw readError(error, what, region, 'scheduler:GetSchedule', resource, 'EventBridge Scheduler');
    }
    finally {
        client.destroy();
    }
    const target = schedule.Target;
    const disabled = schedule.State === 'DISABLED';
    if (target?.Arn === RUN_TASK_UNIVERSAL_TARGET) {
        return { what, disabled, form: 'the universal target ecs:runTask', ...universal(target, what) };
    }
    if (!target?.EcsParameters) {
        throw new problems/* InputError */.d(`Input "schedule": ${what} targets ${target?.Arn ?? 'nothing'}, not Amazon ECS: give a ` +
            `schedule whose target is an ECS cluster (RunTask) or ${RUN_TASK_UNIVERSAL_TARGET}.`);
    }
    return {
        what,
        disabled,
        form: 'its ECS target',
        ...fromEcsParameters(target.Arn ?? '', target.EcsParameters, schedulerTags(target.EcsParameters)),
        ...taskOverride(target, what)
    };
}
async function readRule(ref, budget) {
    const bus = ref.bus ?? 'default';
    const what = `rule "${ref.name}" (event bus "${bus}")`;
    const [{ ListTargetsByRuleCommand }, client] = await Promise.all([
        __webpack_require__.e(/* import() */ 612).then(__webpack_require__.t.bind(__webpack_require__, 6612, 19)),
        createEventBridgeClient(ref.region)
    ]);
    const targets = [];
    try {
        let next;
        do {
            const token = next;
            const page = await (0,retry_transient/* retryTransient */.jh)('ListTargetsByRule', () => client.send(new ListTargetsByRuleCommand({
                Rule: ref.name,
                ...(ref.bus ? { EventBusName: ref.bus } : {}),
                ...(token ? { NextToken: token } : {})
            })), budget);
            targets.push(...(page.Targets ?? []));
            next = page.NextToken;
        } while (next);
    }
    catch (error) {
        throw readError(error, what, ref.region, 'events:ListTargetsByRule', ref.text, 'EventBridge');
    }
    finally {
        client.destroy();
    }
    const ecs = targets.filter((t) => t.EcsParameters !== undefined || CLUSTER_ARN.test(t.Arn ?? ''));
    const named = (list) => list.map((t) => `${t.Id ?? '?'} (${t.Arn ?? '?'})`).join(', ');
    if (ecs.length !== 1) {
        const none = targets.length === 0 ? 'no targets' : `no ECS target, only ${named(targets)}`;
        throw new problems/* InputError */.d(ecs.length === 0
            ? `Input "schedule": ${what} has ${none}: give a rule whose target runs an ECS task.`
            : `Input "schedule": ${what} has ${ecs.length} ECS targets, ${named(ecs)}: which one to ` +
                'run is not clear. Give a rule with one ECS target, or the inputs of the one to run.');
    }
    const target = ecs[0];
    if (target.InputTransformer || target.InputPath) {
        const how = target.InputTransformer
            ? 'an InputTransformer'
            : `an InputPath (${target.InputPath})`;
        throw new problems/* InputError */.d(`Input "schedule": target ${target.Id ?? '?'} of ${what} shapes its input with ${how}, ` +
            'from the event that triggers it; without that event it cannot be run as scheduled. Give ' +
            'the task override in "overrides" instead.');
    }
    const tags = (target.EcsParameters?.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));
    return {
        what,
        disabled: false,
        form: `its ECS target ${target.Id ?? ''}`.trim(),
        ...fromEcsParameters(target.Arn ?? '', target.EcsParameters ?? { TaskDefinitionArn: undefined }, tags),
        ...taskOverride(target, what)
    };
}
/** The templated ECS target of either service: the two spell these fields alike. */
function fromEcsParameters(cluster, p, tags) {
    const vpc = p.NetworkConfiguration?.awsvpcConfiguration;
    const fields = { cluster, taskDefinition: p.TaskDefinitionArn ?? '' };
    if (p.TaskCount !== undefined)
        fields.count = p.TaskCount;
    if (p.LaunchType)
        fields.launchType = p.LaunchType;
    if (p.CapacityProviderStrategy?.length) {
        fields.capacityProviderStrategy = p.CapacityProviderStrategy.map((s) => ({ ...s }));
    }
    if (p.PlatformVersion)
        fields.platformVersion = p.PlatformVersion;
    if (vpc) {
        fields.network = {
            awsvpcConfiguration: {
                subnets: vpc.Subnets ?? [],
                ...(vpc.SecurityGroups?.length ? { securityGroups: vpc.SecurityGroups } : {}),
                ...(vpc.AssignPublicIp ? { assignPublicIp: vpc.AssignPublicIp } : {})
            }
        };
    }
    if (p.PlacementConstraints?.length) {
        fields.placementConstraints = p.PlacementConstraints.map((c) => ({ ...c }));
    }
    if (p.PlacementStrategy?.length)
        fields.placementStrategy = p.PlacementStrategy.map((s) => ({ ...s }));
    if (p.Group)
        fields.group = p.Group;
    if (tags.length > 0)
        fields.tags = tags;
    if (p.PropagateTags)
        fields.propagateTags = p.PropagateTags;
    if (p.EnableECSManagedTags !== undefined)
        fields.enableEcsManagedTags = p.EnableECSManagedTags;
    if (p.EnableExecuteCommand !== undefined)
        fields.enableExecuteCommand = p.EnableExecuteCommand;
    return fields;
}
/** Scheduler's Tags: a list of maps of one key each. */
function schedulerTags(p) {
    return (p.Tags ?? []).flatMap((map) => Object.entries(map).map(([key, value]) => ({ key, value })));
}
/** An ECS target's Input: JSON of the task override RunTask gets. */
function taskOverride(target, what) {
    if (target.Input === undefined || target.Input.trim() === '')
        return {};
    const parsed = jsonObject(target.Input, what, 'a task override');
    return { overrides: parsed };
}
/**
 * The universal target's Input is the RunTask request itself. It is written in the API's
 * member names (`cluster`, `taskDefinition`) or, as in AWS's examples of universal targets,
 * capitalised (`Cluster`, `TaskDefinition`): both are read.
 */
function universal(target, what) {
    const request = camelKeys(jsonObject(target.Input ?? '{}', what, 'a RunTask request'));
    const taskDefinition = request['taskDefinition'];
    if (typeof taskDefinition !== 'string' || taskDefinition === '') {
        throw new problems/* InputError */.d(`Input "schedule": the Input of ${what} (${RUN_TASK_UNIVERSAL_TARGET}) names no ` +
            '"taskDefinition": it is not a RunTask request ECS would accept.');
    }
    const pick = (key) => request[key];
    const fields = { cluster: pick('cluster') ?? 'default', taskDefinition };
    const copy = {
        count: pick('count'),
        launchType: pick('launchType'),
        capacityProviderStrategy: pick('capacityProviderStrategy'),
        platformVersion: pick('platformVersion'),
        network: pick('networkConfiguration'),
        placementConstraints: pick('placementConstraints'),
        placementStrategy: pick('placementStrategy'),
        group: pick('group'),
        tags: pick('tags'),
        propagateTags: pick('propagateTags'),
        enableEcsManagedTags: pick('enableECSManagedTags'),
        enableExecuteCommand: pick('enableExecuteCommand'),
        overrides: pick('overrides'),
        volumeConfigurations: pick('volumeConfigurations')
    };
    for (const [key, value] of Object.entries(copy)) {
        if (value !== undefined)
            fields[key] = value;
    }
    return fields;
}
function jsonObject(text, what, shape) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new problems/* InputError */.d(`Input "schedule": the Input of ${what} is not a JSON object (${shape}), so it cannot be ` +
            'run as scheduled.');
    }
    return parsed;
}
/**
 * Keys with their first letter in lower case, all the way down: RunTask's members are all
 * camelCase and its request holds no free-form maps, so no value's name is changed.
 */
function camelKeys(value) {
    if (Array.isArray(value))
        return value.map(camelKeys);
    if (typeof value !== 'object' || value === null)
        return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelKeys(v)]));
}
/** Unknown, denied or otherwise failed: each said as what to do. */
function readError(error, what, region, action, resource, service) {
    const denied = (0,errors/* explainAccessDenied */.HD)(error, action, resource);
    if (denied)
        return new Error(denied, { cause: error });
    if ((0,errors/* classifyAwsError */.u3)(error).kind === 'not-found') {
        return new problems/* InputError */.d(`Input "schedule": ${what} was not found by ${service} in region ${region} ` +
            `(${(0,sentences/* clause */.sb)((0,errors/* errorMessage */.gJ)(error))}). Check its name, group or bus, and the region.`);
    }
    return error instanceof Error ? error : new Error(String(error));
}


/***/ })

};
