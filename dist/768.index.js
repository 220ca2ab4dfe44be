export const id = 768;
export const ids = [768];
export const modules = {

/***/ 768:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, getDefaultSocketTimeout, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(5152);
const { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = __webpack_require__(402);
const { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createAggregatedClient } = __webpack_require__(2658);
const { Command: $Command } = __webpack_require__(2658);
exports.$Command = $Command;
exports.__Client = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(7291);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(2085);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(3422);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(3609);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(6890);
const { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(7523);
const { defaultProvider } = __webpack_require__(5861);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(2430);
const { streamCollector, NodeHttpHandler } = __webpack_require__(1279);
const { AwsRestJsonProtocol } = __webpack_require__(7288);
const { Sha256 } = __webpack_require__(9542);

const defaultSchedulerHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "scheduler",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const defaultSchedulerHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
    }
    return options;
};
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = resolveAwsSdkSigV4Config(config);
    return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "scheduler",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1177.0";
var packageInfo = {
	version: version};

const k = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = { [k]: "Endpoint" }, h = { [k]: d }, i = {}, j = [{ [k]: "Region" }];
const _data = {
    conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://scheduler-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://scheduler-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://scheduler.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://scheduler.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 12, 3,
    1, 4, r + 11,
    2, 5, r + 11,
    3, 8, 6,
    4, 7, r + 10,
    5, r + 8, r + 9,
    4, 10, 9,
    6, r + 6, r + 7,
    5, 11, r + 5,
    6, r + 4, r + 5,
    3, r + 1, 13,
    4, r + 2, r + 3,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

class SchedulerServiceException extends ServiceException {
    static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.scheduler#SchedulerServiceException";
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, SchedulerServiceException.prototype);
    }
}

class InternalServerException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#InternalServerException";
    name = "InternalServerException";
    $fault = "server";
    Message;
    constructor(opts) {
        super({
            name: "InternalServerException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, InternalServerException.prototype);
        this.Message = opts.Message;
    }
}
class ResourceNotFoundException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ResourceNotFoundException";
    name = "ResourceNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class ThrottlingException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ThrottlingException";
    name = "ThrottlingException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ThrottlingException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ThrottlingException.prototype);
        this.Message = opts.Message;
    }
}
class ValidationException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ValidationException";
    name = "ValidationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ValidationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ValidationException.prototype);
        this.Message = opts.Message;
    }
}
class ConflictException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ConflictException";
    name = "ConflictException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConflictException.prototype);
        this.Message = opts.Message;
    }
}
class ServiceQuotaExceededException extends SchedulerServiceException {
    static shapeId = "com.amazonaws.scheduler#ServiceQuotaExceededException";
    name = "ServiceQuotaExceededException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ServiceQuotaExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceQuotaExceededException.prototype);
        this.Message = opts.Message;
    }
}

const _A = "Arn";
const _AAC = "ActionAfterCompletion";
const _API = "AssignPublicIp";
const _AVC = "AwsVpcConfiguration";
const _CD = "CreationDate";
const _CE = "ConflictException";
const _CPS = "CapacityProviderStrategy";
const _CPSI = "CapacityProviderStrategyItem";
const _CS = "CreateSchedule";
const _CSG = "CreateScheduleGroup";
const _CSGI = "CreateScheduleGroupInput";
const _CSGO = "CreateScheduleGroupOutput";
const _CSI = "CreateScheduleInput";
const _CSO = "CreateScheduleOutput";
const _CT = "ClientToken";
const _D = "Description";
const _DLC = "DeadLetterConfig";
const _DS = "DeleteSchedule";
const _DSG = "DeleteScheduleGroup";
const _DSGI = "DeleteScheduleGroupInput";
const _DSGO = "DeleteScheduleGroupOutput";
const _DSI = "DeleteScheduleInput";
const _DSO = "DeleteScheduleOutput";
const _DT = "DetailType";
const _EBP = "EventBridgeParameters";
const _EBPEVP = "EventBridgePutEventsV2Parameters";
const _EBPREP = "EventBridgePutRawEventsParameters";
const _ED = "EndDate";
const _EEC = "EnableExecuteCommand";
const _EECSMT = "EnableECSManagedTags";
const _EP = "EcsParameters";
const _FTW = "FlexibleTimeWindow";
const _G = "Group";
const _GN = "GroupName";
const _GS = "GetSchedule";
const _GSG = "GetScheduleGroup";
const _GSGI = "GetScheduleGroupInput";
const _GSGO = "GetScheduleGroupOutput";
const _GSI = "GetScheduleInput";
const _GSO = "GetScheduleOutput";
const _I = "Input";
const _ISE = "InternalServerException";
const _K = "Key";
const _KKA = "KmsKeyArn";
const _KP = "KinesisParameters";
const _LMD = "LastModificationDate";
const _LS = "ListSchedules";
const _LSG = "ListScheduleGroups";
const _LSGI = "ListScheduleGroupsInput";
const _LSGO = "ListScheduleGroupsOutput";
const _LSI = "ListSchedulesInput";
const _LSO = "ListSchedulesOutput";
const _LT = "LaunchType";
const _LTFR = "ListTagsForResource";
const _LTFRI = "ListTagsForResourceInput";
const _LTFRO = "ListTagsForResourceOutput";
const _M = "Message";
const _MEAIS = "MaximumEventAgeInSeconds";
const _MGI = "MessageGroupId";
const _MR = "MaxResults";
const _MRA = "MaximumRetryAttempts";
const _MWIM = "MaximumWindowInMinutes";
const _Me = "Metadata";
const _Mo = "Mode";
const _N = "Name";
const _NC = "NetworkConfiguration";
const _NP = "NamePrefix";
const _NT = "NextToken";
const _PC = "PlacementConstraints";
const _PCl = "PlacementConstraint";
const _PK = "PartitionKey";
const _PPL = "PipelineParameterList";
const _PS = "PlacementStrategy";
const _PSl = "PlacementStrategies";
const _PT = "PropagateTags";
const _PV = "PlatformVersion";
const _RA = "ResourceArn";
const _RAo = "RoleArn";
const _RI = "ReferenceId";
const _RNFE = "ResourceNotFoundException";
const _RP = "RetryPolicy";
const _S = "Subnets";
const _SA = "ScheduleArn";
const _SD = "StartDate";
const _SE = "ScheduleExpression";
const _SET = "ScheduleExpressionTimezone";
const _SG = "SecurityGroups";
const _SGA = "ScheduleGroupArn";
const _SGL = "ScheduleGroupList";
const _SGS = "ScheduleGroupSummary";
const _SGc = "ScheduleGroups";
const _SGch = "ScheduleGroup";
const _SL = "ScheduleList";
const _SMPP = "SageMakerPipelineParameter";
const _SMPPL = "SageMakerPipelineParameterList";
const _SMPPa = "SageMakerPipelineParameters";
const _SP = "SqsParameters";
const _SQEE = "ServiceQuotaExceededException";
const _SS = "ScheduleSummary";
const _Sc = "Schedules";
const _So = "Source";
const _St = "State";
const _T = "Tags";
const _TC = "TaskCount";
const _TDA = "TaskDefinitionArn";
const _TE = "ThrottlingException";
const _TK = "TagKeys";
const _TL = "TagList";
const _TR = "TagResource";
const _TRI = "TagResourceInput";
const _TRO = "TagResourceOutput";
const _TS = "TargetSummary";
const _Ta = "Target";
const _Tag = "Tag";
const _UR = "UntagResource";
const _URI = "UntagResourceInput";
const _URO = "UntagResourceOutput";
const _US = "UpdateSchedule";
const _USI = "UpdateScheduleInput";
const _USO = "UpdateScheduleOutput";
const _V = "Value";
const _VE = "ValidationException";
const _aC = "awsvpcConfiguration";
const _b = "base";
const _c = "client";
const _cP = "capacityProvider";
const _cT = "clientToken";
const _e = "error";
const _ex = "expression";
const _f = "field";
const _gN = "groupName";
const _h = "http";
const _hE = "httpError";
const _hQ = "httpQuery";
const _iT = "idempotencyToken";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.scheduler";
const _se = "server";
const _t = "type";
const _w = "weight";
const n0 = "com.amazonaws.scheduler";
const _s_registry = new TypeRegistry(_s);
var SchedulerServiceException$ = [-3, _s, "SchedulerServiceException", 0, [], []];
_s_registry.registerError(SchedulerServiceException$, SchedulerServiceException);
const n0_registry = new TypeRegistry(n0);
var ConflictException$ = [-3, n0, _CE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0], 1
];
n0_registry.registerError(ConflictException$, ConflictException);
var InternalServerException$ = [-3, n0, _ISE,
    { [_e]: _se, [_hE]: 500 },
    [_M],
    [0], 1
];
n0_registry.registerError(InternalServerException$, InternalServerException);
var ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0], 1
];
n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
var ServiceQuotaExceededException$ = [-3, n0, _SQEE,
    { [_e]: _c, [_hE]: 402 },
    [_M],
    [0], 1
];
n0_registry.registerError(ServiceQuotaExceededException$, ServiceQuotaExceededException);
var ThrottlingException$ = [-3, n0, _TE,
    { [_e]: _c, [_hE]: 429 },
    [_M],
    [0], 1
];
n0_registry.registerError(ThrottlingException$, ThrottlingException);
var ValidationException$ = [-3, n0, _VE,
    { [_e]: _c, [_hE]: 400 },
    [_M],
    [0], 1
];
n0_registry.registerError(ValidationException$, ValidationException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var AwsVpcConfiguration$ = [3, n0, _AVC,
    0,
    [_S, _SG, _API],
    [64 | 0, 64 | 0, 0], 1
];
var CapacityProviderStrategyItem$ = [3, n0, _CPSI,
    0,
    [_cP, _w, _b],
    [0, 1, 1], 1
];
var CreateScheduleGroupInput$ = [3, n0, _CSGI,
    0,
    [_N, _T, _CT],
    [[0, 1], () => TagList, [0, 4]], 1
];
var CreateScheduleGroupOutput$ = [3, n0, _CSGO,
    0,
    [_SGA],
    [0], 1
];
var CreateScheduleInput$ = [3, n0, _CSI,
    0,
    [_N, _SE, _Ta, _FTW, _GN, _SD, _ED, _D, _SET, _St, _KKA, _CT, _AAC],
    [[0, 1], 0, () => Target$, () => FlexibleTimeWindow$, 0, 4, 4, 0, 0, 0, 0, [0, 4], 0], 4
];
var CreateScheduleOutput$ = [3, n0, _CSO,
    0,
    [_SA],
    [0], 1
];
var DeadLetterConfig$ = [3, n0, _DLC,
    0,
    [_A],
    [0]
];
var DeleteScheduleGroupInput$ = [3, n0, _DSGI,
    0,
    [_N, _CT],
    [[0, 1], [0, { [_hQ]: _cT, [_iT]: 1 }]], 1
];
var DeleteScheduleGroupOutput$ = [3, n0, _DSGO,
    0,
    [],
    []
];
var DeleteScheduleInput$ = [3, n0, _DSI,
    0,
    [_N, _GN, _CT],
    [[0, 1], [0, { [_hQ]: _gN }], [0, { [_hQ]: _cT, [_iT]: 1 }]], 1
];
var DeleteScheduleOutput$ = [3, n0, _DSO,
    0,
    [],
    []
];
var EcsParameters$ = [3, n0, _EP,
    0,
    [_TDA, _TC, _LT, _NC, _PV, _G, _CPS, _EECSMT, _EEC, _PC, _PS, _PT, _RI, _T],
    [0, 1, 0, () => NetworkConfiguration$, 0, 0, () => CapacityProviderStrategy, 2, 2, () => PlacementConstraints, () => PlacementStrategies, 0, 0, [1, n0, _T, 0, 128 | 0]], 1
];
var EventBridgeParameters$ = [3, n0, _EBP,
    0,
    [_DT, _So],
    [0, 0], 2
];
var EventBridgePutEventsV2Parameters$ = [3, n0, _EBPEVP,
    0,
    [_DT, _So],
    [0, 0], 2
];
var EventBridgePutRawEventsParameters$ = [3, n0, _EBPREP,
    0,
    [_Me],
    [128 | 0]
];
var FlexibleTimeWindow$ = [3, n0, _FTW,
    0,
    [_Mo, _MWIM],
    [0, 1], 1
];
var GetScheduleGroupInput$ = [3, n0, _GSGI,
    0,
    [_N],
    [[0, 1]], 1
];
var GetScheduleGroupOutput$ = [3, n0, _GSGO,
    0,
    [_A, _N, _St, _CD, _LMD],
    [0, 0, 0, 4, 4]
];
var GetScheduleInput$ = [3, n0, _GSI,
    0,
    [_N, _GN],
    [[0, 1], [0, { [_hQ]: _gN }]], 1
];
var GetScheduleOutput$ = [3, n0, _GSO,
    0,
    [_A, _GN, _N, _SE, _SD, _ED, _D, _SET, _St, _CD, _LMD, _KKA, _Ta, _FTW, _AAC],
    [0, 0, 0, 0, 4, 4, 0, 0, 0, 4, 4, 0, () => Target$, () => FlexibleTimeWindow$, 0]
];
var KinesisParameters$ = [3, n0, _KP,
    0,
    [_PK],
    [0], 1
];
var ListScheduleGroupsInput$ = [3, n0, _LSGI,
    0,
    [_NP, _NT, _MR],
    [[0, { [_hQ]: _NP }], [0, { [_hQ]: _NT }], [1, { [_hQ]: _MR }]]
];
var ListScheduleGroupsOutput$ = [3, n0, _LSGO,
    0,
    [_SGc, _NT],
    [() => ScheduleGroupList, 0], 1
];
var ListSchedulesInput$ = [3, n0, _LSI,
    0,
    [_GN, _NP, _St, _NT, _MR],
    [[0, { [_hQ]: _SGch }], [0, { [_hQ]: _NP }], [0, { [_hQ]: _St }], [0, { [_hQ]: _NT }], [1, { [_hQ]: _MR }]]
];
var ListSchedulesOutput$ = [3, n0, _LSO,
    0,
    [_Sc, _NT],
    [() => ScheduleList, 0], 1
];
var ListTagsForResourceInput$ = [3, n0, _LTFRI,
    0,
    [_RA],
    [[0, 1]], 1
];
var ListTagsForResourceOutput$ = [3, n0, _LTFRO,
    0,
    [_T],
    [() => TagList]
];
var NetworkConfiguration$ = [3, n0, _NC,
    0,
    [_aC],
    [() => AwsVpcConfiguration$]
];
var PlacementConstraint$ = [3, n0, _PCl,
    0,
    [_t, _ex],
    [0, 0]
];
var PlacementStrategy$ = [3, n0, _PS,
    0,
    [_t, _f],
    [0, 0]
];
var RetryPolicy$ = [3, n0, _RP,
    0,
    [_MEAIS, _MRA],
    [1, 1]
];
var SageMakerPipelineParameter$ = [3, n0, _SMPP,
    0,
    [_N, _V],
    [0, 0], 2
];
var SageMakerPipelineParameters$ = [3, n0, _SMPPa,
    0,
    [_PPL],
    [() => SageMakerPipelineParameterList]
];
var ScheduleGroupSummary$ = [3, n0, _SGS,
    0,
    [_A, _N, _St, _CD, _LMD],
    [0, 0, 0, 4, 4]
];
var ScheduleSummary$ = [3, n0, _SS,
    0,
    [_A, _N, _GN, _St, _CD, _LMD, _Ta],
    [0, 0, 0, 0, 4, 4, () => TargetSummary$]
];
var SqsParameters$ = [3, n0, _SP,
    0,
    [_MGI],
    [0]
];
var Tag$ = [3, n0, _Tag,
    0,
    [_K, _V],
    [0, 0], 2
];
var TagResourceInput$ = [3, n0, _TRI,
    0,
    [_RA, _T],
    [[0, 1], () => TagList], 2
];
var TagResourceOutput$ = [3, n0, _TRO,
    0,
    [],
    []
];
var Target$ = [3, n0, _Ta,
    0,
    [_A, _RAo, _DLC, _RP, _I, _EP, _EBP, _EBPEVP, _EBPREP, _KP, _SMPPa, _SP],
    [0, 0, () => DeadLetterConfig$, () => RetryPolicy$, 0, () => EcsParameters$, () => EventBridgeParameters$, () => EventBridgePutEventsV2Parameters$, () => EventBridgePutRawEventsParameters$, () => KinesisParameters$, () => SageMakerPipelineParameters$, () => SqsParameters$], 2
];
var TargetSummary$ = [3, n0, _TS,
    0,
    [_A],
    [0], 1
];
var UntagResourceInput$ = [3, n0, _URI,
    0,
    [_RA, _TK],
    [[0, 1], [64 | 0, { [_hQ]: _TK }]], 2
];
var UntagResourceOutput$ = [3, n0, _URO,
    0,
    [],
    []
];
var UpdateScheduleInput$ = [3, n0, _USI,
    0,
    [_N, _SE, _Ta, _FTW, _GN, _SD, _ED, _D, _SET, _St, _KKA, _CT, _AAC],
    [[0, 1], 0, () => Target$, () => FlexibleTimeWindow$, 0, 4, 4, 0, 0, 0, 0, [0, 4], 0], 4
];
var UpdateScheduleOutput$ = [3, n0, _USO,
    0,
    [_SA],
    [0], 1
];
var CapacityProviderStrategy = [1, n0, _CPS,
    0, () => CapacityProviderStrategyItem$
];
var PlacementConstraints = [1, n0, _PC,
    0, () => PlacementConstraint$
];
var PlacementStrategies = [1, n0, _PSl,
    0, () => PlacementStrategy$
];
var SageMakerPipelineParameterList = [1, n0, _SMPPL,
    0, () => SageMakerPipelineParameter$
];
var ScheduleGroupList = [1, n0, _SGL,
    0, () => ScheduleGroupSummary$
];
var ScheduleList = [1, n0, _SL,
    0, () => ScheduleSummary$
];
var TagList = [1, n0, _TL,
    0, () => Tag$
];
var CreateSchedule$ = [9, n0, _CS,
    { [_h]: ["POST", "/schedules/{Name}", 200] }, () => CreateScheduleInput$, () => CreateScheduleOutput$
];
var CreateScheduleGroup$ = [9, n0, _CSG,
    { [_h]: ["POST", "/schedule-groups/{Name}", 200] }, () => CreateScheduleGroupInput$, () => CreateScheduleGroupOutput$
];
var DeleteSchedule$ = [9, n0, _DS,
    { [_h]: ["DELETE", "/schedules/{Name}", 200] }, () => DeleteScheduleInput$, () => DeleteScheduleOutput$
];
var DeleteScheduleGroup$ = [9, n0, _DSG,
    { [_h]: ["DELETE", "/schedule-groups/{Name}", 200] }, () => DeleteScheduleGroupInput$, () => DeleteScheduleGroupOutput$
];
var GetSchedule$ = [9, n0, _GS,
    { [_h]: ["GET", "/schedules/{Name}", 200] }, () => GetScheduleInput$, () => GetScheduleOutput$
];
var GetScheduleGroup$ = [9, n0, _GSG,
    { [_h]: ["GET", "/schedule-groups/{Name}", 200] }, () => GetScheduleGroupInput$, () => GetScheduleGroupOutput$
];
var ListScheduleGroups$ = [9, n0, _LSG,
    { [_h]: ["GET", "/schedule-groups", 200] }, () => ListScheduleGroupsInput$, () => ListScheduleGroupsOutput$
];
var ListSchedules$ = [9, n0, _LS,
    { [_h]: ["GET", "/schedules", 200] }, () => ListSchedulesInput$, () => ListSchedulesOutput$
];
var ListTagsForResource$ = [9, n0, _LTFR,
    { [_h]: ["GET", "/tags/{ResourceArn}", 200] }, () => ListTagsForResourceInput$, () => ListTagsForResourceOutput$
];
var TagResource$ = [9, n0, _TR,
    { [_h]: ["POST", "/tags/{ResourceArn}", 200] }, () => TagResourceInput$, () => TagResourceOutput$
];
var UntagResource$ = [9, n0, _UR,
    { [_h]: ["DELETE", "/tags/{ResourceArn}", 200] }, () => UntagResourceInput$, () => UntagResourceOutput$
];
var UpdateSchedule$ = [9, n0, _US,
    { [_h]: ["PUT", "/schedules/{Name}", 200] }, () => UpdateScheduleInput$, () => UpdateScheduleOutput$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2021-06-30",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultSchedulerHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsRestJsonProtocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.scheduler",
            errorTypeRegistries,
            version: "2021-06-30",
            serviceTarget: "AWSChronosService",
        },
        serviceId: config?.serviceId ?? "Scheduler",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, 300_000),
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class SchedulerClient extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultSchedulerHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "AWSChronosService", "SchedulerClient", getEndpointPlugin);
const _ep0 = {};
const _mw0 = (Command, cs, config, o) => [];

class CreateScheduleCommand extends command(_ep0, _mw0, "CreateSchedule", CreateSchedule$) {
}

class CreateScheduleGroupCommand extends command(_ep0, _mw0, "CreateScheduleGroup", CreateScheduleGroup$) {
}

class DeleteScheduleCommand extends command(_ep0, _mw0, "DeleteSchedule", DeleteSchedule$) {
}

class DeleteScheduleGroupCommand extends command(_ep0, _mw0, "DeleteScheduleGroup", DeleteScheduleGroup$) {
}

class GetScheduleCommand extends command(_ep0, _mw0, "GetSchedule", GetSchedule$) {
}

class GetScheduleGroupCommand extends command(_ep0, _mw0, "GetScheduleGroup", GetScheduleGroup$) {
}

class ListScheduleGroupsCommand extends command(_ep0, _mw0, "ListScheduleGroups", ListScheduleGroups$) {
}

class ListSchedulesCommand extends command(_ep0, _mw0, "ListSchedules", ListSchedules$) {
}

class ListTagsForResourceCommand extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
}

class TagResourceCommand extends command(_ep0, _mw0, "TagResource", TagResource$) {
}

class UntagResourceCommand extends command(_ep0, _mw0, "UntagResource", UntagResource$) {
}

class UpdateScheduleCommand extends command(_ep0, _mw0, "UpdateSchedule", UpdateSchedule$) {
}

const paginateListScheduleGroups = createPaginator(SchedulerClient, ListScheduleGroupsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListSchedules = createPaginator(SchedulerClient, ListSchedulesCommand, "NextToken", "NextToken", "MaxResults");

const commands = {
    CreateScheduleCommand,
    CreateScheduleGroupCommand,
    DeleteScheduleCommand,
    DeleteScheduleGroupCommand,
    GetScheduleCommand,
    GetScheduleGroupCommand,
    ListScheduleGroupsCommand,
    ListSchedulesCommand,
    ListTagsForResourceCommand,
    TagResourceCommand,
    UntagResourceCommand,
    UpdateScheduleCommand,
};
const paginators = {
    paginateListScheduleGroups,
    paginateListSchedules,
};
class Scheduler extends SchedulerClient {
}
createAggregatedClient(commands, Scheduler, { paginators });

const ActionAfterCompletion = {
    DELETE: "DELETE",
    NONE: "NONE",
};
const AssignPublicIp = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const FlexibleTimeWindowMode = {
    FLEXIBLE: "FLEXIBLE",
    OFF: "OFF",
};
const ScheduleState = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
};
const LaunchType = {
    EC2: "EC2",
    EXTERNAL: "EXTERNAL",
    FARGATE: "FARGATE",
};
const PlacementConstraintType = {
    DISTINCT_INSTANCE: "distinctInstance",
    MEMBER_OF: "memberOf",
};
const PlacementStrategyType = {
    BINPACK: "binpack",
    RANDOM: "random",
    SPREAD: "spread",
};
const PropagateTags = {
    TASK_DEFINITION: "TASK_DEFINITION",
};
const ScheduleGroupState = {
    ACTIVE: "ACTIVE",
    DELETING: "DELETING",
};

exports.ActionAfterCompletion = ActionAfterCompletion;
exports.AssignPublicIp = AssignPublicIp;
exports.AwsVpcConfiguration$ = AwsVpcConfiguration$;
exports.CapacityProviderStrategyItem$ = CapacityProviderStrategyItem$;
exports.ConflictException = ConflictException;
exports.ConflictException$ = ConflictException$;
exports.CreateSchedule$ = CreateSchedule$;
exports.CreateScheduleCommand = CreateScheduleCommand;
exports.CreateScheduleGroup$ = CreateScheduleGroup$;
exports.CreateScheduleGroupCommand = CreateScheduleGroupCommand;
exports.CreateScheduleGroupInput$ = CreateScheduleGroupInput$;
exports.CreateScheduleGroupOutput$ = CreateScheduleGroupOutput$;
exports.CreateScheduleInput$ = CreateScheduleInput$;
exports.CreateScheduleOutput$ = CreateScheduleOutput$;
exports.DeadLetterConfig$ = DeadLetterConfig$;
exports.DeleteSchedule$ = DeleteSchedule$;
exports.DeleteScheduleCommand = DeleteScheduleCommand;
exports.DeleteScheduleGroup$ = DeleteScheduleGroup$;
exports.DeleteScheduleGroupCommand = DeleteScheduleGroupCommand;
exports.DeleteScheduleGroupInput$ = DeleteScheduleGroupInput$;
exports.DeleteScheduleGroupOutput$ = DeleteScheduleGroupOutput$;
exports.DeleteScheduleInput$ = DeleteScheduleInput$;
exports.DeleteScheduleOutput$ = DeleteScheduleOutput$;
exports.EcsParameters$ = EcsParameters$;
exports.EventBridgeParameters$ = EventBridgeParameters$;
exports.EventBridgePutEventsV2Parameters$ = EventBridgePutEventsV2Parameters$;
exports.EventBridgePutRawEventsParameters$ = EventBridgePutRawEventsParameters$;
exports.FlexibleTimeWindow$ = FlexibleTimeWindow$;
exports.FlexibleTimeWindowMode = FlexibleTimeWindowMode;
exports.GetSchedule$ = GetSchedule$;
exports.GetScheduleCommand = GetScheduleCommand;
exports.GetScheduleGroup$ = GetScheduleGroup$;
exports.GetScheduleGroupCommand = GetScheduleGroupCommand;
exports.GetScheduleGroupInput$ = GetScheduleGroupInput$;
exports.GetScheduleGroupOutput$ = GetScheduleGroupOutput$;
exports.GetScheduleInput$ = GetScheduleInput$;
exports.GetScheduleOutput$ = GetScheduleOutput$;
exports.InternalServerException = InternalServerException;
exports.InternalServerException$ = InternalServerException$;
exports.KinesisParameters$ = KinesisParameters$;
exports.LaunchType = LaunchType;
exports.ListScheduleGroups$ = ListScheduleGroups$;
exports.ListScheduleGroupsCommand = ListScheduleGroupsCommand;
exports.ListScheduleGroupsInput$ = ListScheduleGroupsInput$;
exports.ListScheduleGroupsOutput$ = ListScheduleGroupsOutput$;
exports.ListSchedules$ = ListSchedules$;
exports.ListSchedulesCommand = ListSchedulesCommand;
exports.ListSchedulesInput$ = ListSchedulesInput$;
exports.ListSchedulesOutput$ = ListSchedulesOutput$;
exports.ListTagsForResource$ = ListTagsForResource$;
exports.ListTagsForResourceCommand = ListTagsForResourceCommand;
exports.ListTagsForResourceInput$ = ListTagsForResourceInput$;
exports.ListTagsForResourceOutput$ = ListTagsForResourceOutput$;
exports.NetworkConfiguration$ = NetworkConfiguration$;
exports.PlacementConstraint$ = PlacementConstraint$;
exports.PlacementConstraintType = PlacementConstraintType;
exports.PlacementStrategy$ = PlacementStrategy$;
exports.PlacementStrategyType = PlacementStrategyType;
exports.PropagateTags = PropagateTags;
exports.ResourceNotFoundException = ResourceNotFoundException;
exports.ResourceNotFoundException$ = ResourceNotFoundException$;
exports.RetryPolicy$ = RetryPolicy$;
exports.SageMakerPipelineParameter$ = SageMakerPipelineParameter$;
exports.SageMakerPipelineParameters$ = SageMakerPipelineParameters$;
exports.ScheduleGroupState = ScheduleGroupState;
exports.ScheduleGroupSummary$ = ScheduleGroupSummary$;
exports.ScheduleState = ScheduleState;
exports.ScheduleSummary$ = ScheduleSummary$;
exports.Scheduler = Scheduler;
exports.SchedulerClient = SchedulerClient;
exports.SchedulerServiceException = SchedulerServiceException;
exports.SchedulerServiceException$ = SchedulerServiceException$;
exports.ServiceQuotaExceededException = ServiceQuotaExceededException;
exports.ServiceQuotaExceededException$ = ServiceQuotaExceededException$;
exports.SqsParameters$ = SqsParameters$;
exports.Tag$ = Tag$;
exports.TagResource$ = TagResource$;
exports.TagResourceCommand = TagResourceCommand;
exports.TagResourceInput$ = TagResourceInput$;
exports.TagResourceOutput$ = TagResourceOutput$;
exports.Target$ = Target$;
exports.TargetSummary$ = TargetSummary$;
exports.ThrottlingException = ThrottlingException;
exports.ThrottlingException$ = ThrottlingException$;
exports.UntagResource$ = UntagResource$;
exports.UntagResourceCommand = UntagResourceCommand;
exports.UntagResourceInput$ = UntagResourceInput$;
exports.UntagResourceOutput$ = UntagResourceOutput$;
exports.UpdateSchedule$ = UpdateSchedule$;
exports.UpdateScheduleCommand = UpdateScheduleCommand;
exports.UpdateScheduleInput$ = UpdateScheduleInput$;
exports.UpdateScheduleOutput$ = UpdateScheduleOutput$;
exports.ValidationException = ValidationException;
exports.ValidationException$ = ValidationException$;
exports.errorTypeRegistries = errorTypeRegistries;
exports.paginateListScheduleGroups = paginateListScheduleGroups;
exports.paginateListSchedules = paginateListSchedules;


/***/ })

};
