export const id = 624;
export const ids = [624];
export const modules = {

/***/ 5624:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reportDryRun: () => (/* binding */ reportDryRun)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/run/finish.ts
var finish = __webpack_require__(6458);
// EXTERNAL MODULE: ./src/ecs/run-task-request.ts
var run_task_request = __webpack_require__(4020);
// EXTERNAL MODULE: ./src/logs/targets.ts + 1 modules
var targets = __webpack_require__(5211);
// EXTERNAL MODULE: ./src/kit/links.ts
var links = __webpack_require__(6933);
;// CONCATENATED MODULE: ./src/report/permissions.ts

/**
 * The permissions a run needs, derived from what it would call and with what, in the order it
 * needs them. Resources are the ARNs of this run (account from any ARN at hand, else
 * ACCOUNT_ID), shaped as in docs/iam-policy.json so they can be pasted into it.
 */
function requiredPermissions(run) {
    const arn = arnMaker(run);
    const cluster = (0,links/* clusterName */.SL)(run.cluster);
    const clusterArn = run.cluster.startsWith('arn:') ? run.cluster : arn('ecs', `cluster/${cluster}`);
    const family = run.registration?.family ?? run.taskDefinition.family ?? 'FAMILY';
    const names = {
        arn,
        cluster,
        familyArn: arn('ecs', `task-definition/${family}:*`),
        inCluster: { ArnEquals: { 'ecs:cluster': clusterArn } },
        tasksInCluster: arn('ecs', `task/${cluster}/*`)
    };
    const readCluster = {
        sid: 'ReadCluster',
        action: 'ecs:DescribeClusters',
        resources: [clusterArn],
        why: 'check the cluster before anything is registered or started (without it, the check is skipped)'
    };
    const scheduled = run.schedule ? [toReadSchedule(run.schedule, run.region, arn)] : [];
    const lists = run.listsTasks
        ? [
            {
                sid: 'ListTasksInCluster',
                action: 'ecs:ListTasks',
                resources: ['*'],
                condition: names.inCluster,
                why: 'look for the job\'s running tasks ("if-running")'
            }
        ]
        : [];
    return [
        ...scheduled,
        readCluster,
        ...lists,
        ...toRegister(run, names),
        ...toRunAndFollow(run, names)
    ];
}
/** The schedule or rule `schedule` names, read before anything else. */
function toReadSchedule(ref, stepRegion, arn) {
    if (ref.kind === 'rule') {
        return {
            sid: 'ReadScheduledTargets',
            action: 'events:ListTargetsByRule',
            resources: [ref.text],
            why: 'read the ECS target of the rule "schedule" names'
        };
    }
    const region = ref.region ?? stepRegion;
    return {
        sid: 'ReadScheduledTargets',
        action: 'scheduler:GetSchedule',
        resources: [
            ref.text.startsWith('arn:')
                ? ref.text
                : arn('scheduler', `schedule/${ref.group ?? 'default'}/${ref.name}`, region)
        ],
        why: 'read the ECS target of the schedule "schedule" names'
    };
}
/** Before RunTask: the services and the task definition read, and what is registered. */
function toRegister(run, { arn, cluster, familyArn }) {
    const list = [];
    if (run.services.length > 0) {
        list.push({
            sid: 'ReadServices',
            action: 'ecs:DescribeServices',
            resources: run.services.map((s) => s.startsWith('arn:') ? s : arn('ecs', `service/${cluster}/${s}`)),
            why: 'read the service the task runs like or copies its network from'
        });
    }
    if (run.describesTaskDefinition) {
        list.push({
            sid: 'ReadAndRegisterTaskDefinitions',
            action: 'ecs:DescribeTaskDefinition',
            resources: ['*'],
            why: 'resolve the task definition (AWS accepts only "*" here)'
        });
    }
    if (run.registration) {
        list.push({
            sid: 'ReadAndRegisterTaskDefinitions',
            action: 'ecs:RegisterTaskDefinition',
            resources: ['*'],
            why: 'register the new revision (AWS accepts only "*" here)'
        });
        if (run.registration.tags?.length) {
            list.push({
                sid: 'TagTaskDefinitionsAtRegistration',
                action: 'ecs:TagResource',
                resources: [familyArn],
                condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
                why: 'the new revision is registered with tags'
            });
        }
    }
    return list;
}
/** RunTask with its roles and tags, then waiting, stopping and the logs. */
function toRunAndFollow(run, names) {
    const { arn, familyArn, inCluster, tasksInCluster } = names;
    const list = [];
    const roles = taskRoles(run).map((role) => roleArn(role, arn));
    if (roles.length > 0) {
        list.push({
            sid: 'PassTaskRoles',
            action: 'iam:PassRole',
            resources: roles,
            condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
            why: 'hand the task and execution roles to ECS'
        });
    }
    list.push({
        sid: 'RunTaskOfFamilyInCluster',
        action: 'ecs:RunTask',
        resources: [familyArn],
        condition: inCluster,
        why: 'start the task'
    });
    const infrastructure = unique((run.request.volumeConfigurations ?? []).flatMap((v) => v.managedEBSVolume?.roleArn ?? []));
    if (infrastructure.length > 0) {
        list.push({
            sid: 'PassInfrastructureRoleForEbs',
            action: 'iam:PassRole',
            resources: infrastructure.map((role) => roleArn(role, arn)),
            condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
            why: 'let ECS create the Amazon EBS volumes'
        });
    }
    if (tagsAtLaunch(run.request)) {
        list.push({
            sid: 'TagTasksAtLaunch',
            action: 'ecs:TagResource',
            resources: [tasksInCluster],
            condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
            why: 'the task is tagged at launch (tags, propagate-tags or ECS managed tags)'
        });
    }
    if (run.waits) {
        list.push({
            sid: 'WatchAndStopTasksInCluster',
            action: 'ecs:DescribeTasks',
            resources: [tasksInCluster],
            condition: inCluster,
            why: 'wait for the task to stop'
        });
    }
    if (run.stops) {
        list.push({
            sid: 'WatchAndStopTasksInCluster',
            action: 'ecs:StopTask',
            resources: [tasksInCluster],
            condition: inCluster,
            why: 'stop the task on wait-timeout or cancellation'
        });
    }
    const groups = unique(run.logGroups.map(({ region, group }) => `${region}\n${group}`));
    if (groups.length > 0) {
        list.push({
            sid: 'ReadTaskLogs',
            action: 'logs:GetLogEvents',
            resources: groups.map((key) => {
                const [region = run.region, group = ''] = key.split('\n');
                return arn('logs', `log-group:${group}:log-stream:*`, region);
            }),
            why: 'stream the containers’ logs'
        });
    }
    return list;
}
/**
 * The permissions as an IAM policy document, with the statement ids of docs/iam-policy.json:
 * actions of one statement on the same resources share it.
 */
function policyDocument(permissions) {
    const statements = [];
    for (const p of permissions) {
        const same = statements.find((s) => s.sid === p.sid &&
            JSON.stringify([s.of.resources, s.of.condition]) ===
                JSON.stringify([p.resources, p.condition]));
        if (same)
            same.actions.push(p.action);
        else
            statements.push({ sid: p.sid, actions: [p.action], of: p });
    }
    return {
        Version: '2012-10-17',
        Statement: statements.map(({ sid, actions, of }, i) => ({
            // Sids must be unique in a policy: a statement split by its resources gets a number.
            Sid: statements.findIndex((s) => s.sid === sid) === i ? sid : `${sid}${i}`,
            Effect: 'Allow',
            Action: actions.length === 1 ? actions[0] : actions,
            Resource: of.resources.length === 1 ? of.resources[0] : of.resources,
            ...(of.condition ? { Condition: of.condition } : {})
        }))
    };
}
/** RunTask tags the task when it sends tags, propagates them, or asks for managed tags. */
function tagsAtLaunch(request) {
    return ((request.tags?.length ?? 0) > 0 ||
        (request.propagateTags !== undefined && request.propagateTags !== 'NONE') ||
        request.enableECSManagedTags === true);
}
/** The roles handed to ECS: the definition's (or the registration's) and the overrides'. */
function taskRoles(run) {
    const definition = run.registration ?? run.taskDefinition;
    const overrides = run.request.overrides;
    return unique([
        definition.taskRoleArn,
        definition.executionRoleArn,
        overrides?.taskRoleArn,
        overrides?.executionRoleArn
    ].filter((role) => Boolean(role)));
}
/** ARNs in the run's partition and account (from any ARN the run names, else ACCOUNT_ID). */
function arnMaker(run) {
    const known = [
        run.taskDefinition.taskDefinitionArn,
        run.cluster,
        ...run.services,
        ...taskRoles(run)
    ].filter((a) => a?.startsWith('arn:') === true);
    const account = known.map((a) => a.split(':')[4]).find((a) => a && /^\d{12}$/.test(a));
    const partition = partitionOf(run.region);
    return (service, resource, region = run.region) => `arn:${partition}:${service}:${region}:${account ?? 'ACCOUNT_ID'}:${resource}`;
}
function partitionOf(region) {
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    return 'aws';
}
/** A role as IAM names it: an ARN as given, a bare name in the run's account. */
function roleArn(role, arn) {
    if (role.startsWith('arn:'))
        return role;
    const [, partition, , , account] = arn('iam', '', '').split(':');
    return `arn:${partition}:iam::${account}:role/${role}`;
}
function unique(values) {
    return [...new Set(values)];
}

// EXTERNAL MODULE: ./src/kit/markdown.ts
var markdown = __webpack_require__(1007);
;// CONCATENATED MODULE: ./src/report/dry-run-report.ts




const NEXT_REVISION = '<next revision>';
const NOT_CHECKED = 'A dry run calls only read-only APIs (Describe*), so it cannot check what ECS and IAM check ' +
    'when the task is registered or run: that the role has the permissions listed, that the ' +
    'subnets, security groups, roles and images exist and can be used, placement and capacity, ' +
    'and the platform version.';
function dryRunReport(plan, inputs, notes = []) {
    const registered = plan.registration !== undefined;
    const family = plan.registration?.family ?? plan.taskDefinition.family ?? '';
    const taskDefinitionArn = registered ? '' : (plan.taskDefinition.taskDefinitionArn ?? '');
    const taskDefinition = registered ? `${family}:${NEXT_REVISION}` : taskDefinitionArn;
    const request = plan.request(taskDefinition);
    const definition = plan.registration ?? plan.taskDefinition;
    const streamed = inputs.wait && inputs.streamLogs
        ? (0,targets/* logTargets */.Xv)(definition.containerDefinitions ?? [], ['task'], inputs.region, inputs.logContainers).targets
        : [];
    const permissions = requiredPermissions({
        region: inputs.region,
        cluster: inputs.cluster,
        taskDefinition: plan.taskDefinition,
        describesTaskDefinition: plan.taskDefinition.taskDefinitionArn !== undefined,
        ...(plan.registration ? { registration: plan.registration } : {}),
        services: describedServices(inputs),
        request,
        logGroups: streamed.map(({ region, group }) => ({ region, group })),
        waits: inputs.wait || inputs.ifRunning !== 'allow',
        stops: inputs.wait || inputs.stopOnCancel || inputs.ifRunning === 'replace',
        ...(inputs.schedule ? { schedule: inputs.schedule } : {}),
        listsTasks: inputs.ifRunning !== 'allow'
    });
    return {
        taskDefinition,
        taskDefinitionArn,
        ...(plan.registration ? { registration: plan.registration } : {}),
        request: (0,run_task_request/* redactRequest */.jt)(request),
        facts: facts(plan, inputs, request, taskDefinition),
        permissions,
        notChecked: NOT_CHECKED,
        notes
    };
}
/** The services preparation describes: `service`, and `network-from-service` unless `subnets`. */
function describedServices(inputs) {
    const names = [];
    if (inputs.service !== undefined)
        names.push(inputs.service);
    if (inputs.networkFromService !== undefined && inputs.subnets.length === 0) {
        names.push(inputs.networkFromService);
    }
    return [...new Set(names)];
}
function facts(plan, inputs, request, taskDefinition) {
    const rows = [];
    const definition = plan.registration
        ? `${taskDefinition}, registered first from ${plan.source}`
        : taskDefinition;
    rows.push(['Task definition', definition]);
    if (inputs.images.length > 0) {
        const images = inputs.images.map((o) => `${o.container ?? plan.container}: ${o.image}`);
        rows.push(['Images', images.join(', ')]);
    }
    rows.push(['Container', `${plan.container} (${plan.containerWhy})`]);
    rows.push(['Command', commandOf(plan, request)]);
    rows.push(['Cluster', `${inputs.cluster} (${inputs.region})`]);
    rows.push(['Tasks', tasksOf(inputs, request, plan.container)]);
    rows.push(['Network', networkOf(request.networkConfiguration)]);
    rows.push(['Launch', launchOf(plan.launch)]);
    if (plan.service) {
        const deployment = plan.service.deployment ? ` (deployment ${plan.service.deployment})` : '';
        rows.push(['Service', `${plan.service.serviceName}${deployment}`]);
    }
    return rows;
}
/** One RunTask of `count` alike, or the shard plan: how many, how many at once, the variables. */
function tasksOf(inputs, request, container) {
    if (inputs.shards === undefined)
        return String(request.count ?? 1);
    const n = inputs.shards;
    const parallel = inputs.maxParallel === undefined || inputs.maxParallel >= n;
    return (`${n} shard${n === 1 ? '' : 's'} (0 to ${n - 1}), one RunTask each, ` +
        `${parallel ? 'all at once' : `at most ${inputs.maxParallel} at once`}; ` +
        `${container} gets ECS_RUN_TASK_SHARD=<index> and ECS_RUN_TASK_SHARDS=${n}; ` +
        `fail-fast ${inputs.failFast ? 'on: a shard failed for good stops the rest' : 'off: every shard runs'}`);
}
function commandOf(plan, request) {
    const override = request.overrides?.containerOverrides?.find((o) => o.name === plan.container);
    if (override?.command)
        return JSON.stringify(override.command);
    const definition = plan.registration ?? plan.taskDefinition;
    const own = definition.containerDefinitions?.find((c) => c.name === plan.container)?.command;
    return own?.length
        ? `${JSON.stringify(own)} (the task definition's)`
        : "the image's (no command override)";
}
function networkOf(network) {
    const vpc = network?.awsvpcConfiguration;
    if (!vpc)
        return "none sent (the task definition's network mode decides)";
    const parts = [`awsvpc, subnets ${(vpc.subnets ?? []).join(', ')}`];
    if (vpc.securityGroups?.length)
        parts.push(`security groups ${vpc.securityGroups.join(', ')}`);
    parts.push(`public IP ${vpc.assignPublicIp ?? 'DISABLED'}`);
    return parts.join('; ');
}
function launchOf(launch) {
    const platform = launch.platformVersion ? `, platform version ${launch.platformVersion}` : '';
    if (launch.capacityProviderStrategy?.length) {
        const strategy = launch.capacityProviderStrategy
            .map((s) => `${s.capacityProvider}:${s.weight ?? 0}:${s.base ?? 0}`)
            .join(', ');
        return `capacity provider strategy ${strategy}${platform}`;
    }
    if (launch.launchType)
        return `launch type ${launch.launchType}${platform}`;
    return `the cluster's default capacity provider strategy${platform}`;
}
/** Plain lines for the step log, one fact a line. */
function dryRunLines(report) {
    const width = Math.max(...report.facts.map(([name]) => name.length));
    return report.facts.map(([name, value]) => `  ${`${name}:`.padEnd(width + 1)} ${value}`);
}
/** Each permission on one line: action, resources, condition and what for. */
function permissionLines(permissions) {
    return permissions.map((p) => {
        const condition = conditionText(p);
        return `${p.action} on ${p.resources.join(', ')}${condition ? ` when ${condition}` : ''}: ${p.why}`;
    });
}
function dryRunPolicy(report) {
    return JSON.stringify(policyDocument(report.permissions), null, 2);
}
function conditionText(p) {
    return Object.values(p.condition ?? {})
        .flatMap((entries) => Object.entries(entries).map(([key, value]) => `${key} = ${value}`))
        .join(' and ');
}
/** The job summary of a dry run: what would have run, the request and the permissions. */
function dryRunMarkdown(report) {
    const code = (text) => `<code>${(0,markdown/* cell */.Hn)(text)}</code>`;
    const lines = [
        '### 🔍 Dry run: nothing was started',
        '',
        'The inputs are valid and this is what the step would run. Nothing was registered, started ' +
            'or stopped.',
        '',
        '| | |',
        '| --- | --- |',
        ...report.facts.map(([name, value]) => `| ${name} | ${(0,markdown/* cell */.Hn)(value)} |`),
        '',
        ...report.notes.flatMap((note) => [(0,markdown/* cell */.Hn)(note), ''])
    ];
    if (report.registration) {
        lines.push(...details('Task definition that would be registered', report.registration));
    }
    lines.push(...details('RunTask request that would be sent', report.request));
    lines.push(`#### Permissions this run needs`, '', '| Action | Resource | Condition | For |', '| --- | --- | --- | --- |', ...report.permissions.map((p) => `| ${code(p.action)} | ${p.resources.map(code).join('<br>')} | ` +
        `${(0,markdown/* cell */.Hn)(conditionText(p)) || '–'} | ${(0,markdown/* cell */.Hn)(p.why)} |`), '', ...details('As an IAM policy', policyDocument(report.permissions)), `_${(0,markdown/* cell */.Hn)(report.notChecked)}_`);
    return lines.join('\n') + '\n';
}
function details(summary, value) {
    const json = JSON.stringify(value, null, 2);
    // A fence longer than any run of backticks in the text, so the text cannot close it.
    const longest = Math.max(0, ...(json.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return [
        `<details><summary>${summary}</summary>`,
        '',
        `${fence}json`,
        json,
        fence,
        '',
        '</details>',
        ''
    ];
}

;// CONCATENATED MODULE: ./src/run/dry-run.ts



/**
 * `dry-run: true`, once preparation planned the run with read-only calls: shows what would be
 * registered and run and the permissions it needs, sets the outputs of a run that started
 * nothing, and writes the summary. Registers, starts and stops nothing.
 */
async function reportDryRun(plan, inputs, outputs, notes = []) {
    const report = dryRunReport(plan, inputs, notes);
    core/* info */.pq('Dry run: the inputs are valid. Nothing is registered, started or stopped.');
    core/* info */.pq('What would run:');
    for (const line of dryRunLines(report))
        core/* info */.pq(line);
    for (const note of notes)
        core/* info */.pq(note);
    if (report.registration) {
        group('Task definition that would be registered', [
            JSON.stringify(report.registration, null, 2)
        ]);
    }
    group('RunTask request that would be sent', [JSON.stringify(report.request, null, 2)]);
    group(`Permissions this run needs (${report.permissions.length})`, [
        ...permissionLines(report.permissions),
        'As an IAM policy:',
        dryRunPolicy(report)
    ]);
    core/* info */.pq(`Not checked: ${report.notChecked}`);
    // The outputs of a run that started nothing, so later steps read them as after a real run.
    (0,finish/* publishNothingStarted */.s0)(outputs, report.taskDefinitionArn);
    if (process.env.GITHUB_STEP_SUMMARY) {
        await core/* summary */.z.addRaw(dryRunMarkdown(report), true).write();
    }
    core/* notice */.lm(`Dry run: ${report.taskDefinition} would run in cluster ${inputs.cluster} (${inputs.region}); ` +
        'nothing was started.', { title: 'Dry run' });
}
function group(title, lines) {
    core/* startGroup */.Oh(title);
    for (const line of lines)
        core/* info */.pq(line);
    core/* endGroup */.N4();
}


/***/ })

};
