"""Corrections of documented moto 5.2.5 gaps, applied by moto_launcher.py before the
server starts. Each function names the moto code path it replaces and why; the list is
in docs/testing.md. The tool itself is never bent around the emulator.
"""

from moto_cfn_properties import drop_no_value_list_items, pass_lambda_tracing_config
from moto_import import model_resource_import
from moto_resource_owner import describe_stack_resources_by_physical_id
from moto_restore import keep_billing_mode_on_restore
from moto_stream_retention import trim_stream_records_after_retention
from moto_table_ttl import apply_table_ttl_from_template
from moto_transactions import copy_stream_records_once_per_transaction
from moto_update_diff import modify_resources_whose_conditions_read_changed_parameters


def apply_emulator_corrections(endpoint_url):
    """Correct documented moto 5.2.5 gaps. Each correction names what it replaces.
    `endpoint_url` is where the server will listen: functions call back there."""
    import cloudwatch_evaluator
    import lambda_runtime
    import stream_poller

    model_lambda_alias_in_cloudformation()
    keep_alias_arn_on_event_source_mappings()
    never_reuse_version_numbers()
    keep_stream_records_for_readers()
    trim_stream_records_after_retention()
    serve_cloudwatch_over_rpc_v2_cbor()
    model_cloudwatch_alarms_in_cloudformation()
    read_short_form_condition_references()
    apply_condition_changes_on_update()
    model_resource_import()
    serve_one_request_at_a_time()
    describe_stack_resources_by_physical_id()
    modify_resources_whose_conditions_read_changed_parameters()
    keep_billing_mode_on_restore()
    copy_stream_records_once_per_transaction()
    drop_no_value_list_items()
    pass_lambda_tracing_config()
    apply_table_ttl_from_template()
    # Outside the request lock (applied last, so outermost): a running function calls
    # back into the emulator. See lambda_runtime.py and stream_poller.py.
    lambda_runtime.run_python_functions(endpoint_url)
    stream_poller.poll_stream_mappings()
    cloudwatch_evaluator.evaluate_alarms_in_background()


def _register_cloudformation_model(cfn_type, service_module, *, name_property, attribute,
                                   create, update, delete, ref, arn):
    """Registers a CloudFormation model for `cfn_type` over a moto backend. Defining a
    CloudFormationModel subclass is enough: moto.cloudformation.parsing.get_model_map
    builds its type map from CloudFormationModel.__subclasses__(). `create(props,
    account, region)` and `update(old, props, account, region)` return the backend
    object; `delete(physical_id, props, account, region)` removes it; `ref` and `arn`
    give its physical id and its one attribute."""
    from moto.core.common_models import CloudFormationModel

    class Model(CloudFormationModel):
        # moto's model registry keys models by the service named in their module path.
        __module__ = service_module

        def __init__(self, backend_object):
            self.backend_object = backend_object

        @property
        def physical_resource_id(self):
            return ref(self.backend_object)

        @staticmethod
        def cloudformation_name_type():
            return name_property

        @staticmethod
        def cloudformation_type():
            return cfn_type

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr == attribute

        def get_cfn_attribute(self, attribute_name):
            return arn(self.backend_object)

        @classmethod
        def create_from_cloudformation_json(
            cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
        ):
            return cls(create(cloudformation_json["Properties"], account_id, region_name))

        @classmethod
        def update_from_cloudformation_json(
            cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name
        ):
            return cls(update(original_resource.backend_object,
                              cloudformation_json["Properties"], account_id, region_name))

        @classmethod
        def delete_from_cloudformation_json(
            cls, resource_name, cloudformation_json, account_id, region_name
        ):
            delete(resource_name, cloudformation_json["Properties"], account_id, region_name)

    return Model


def model_lambda_alias_in_cloudformation():
    """moto's CloudFormation has no model for AWS::Lambda::Alias: the stack completes
    without the alias and `!Ref` to it resolves to nothing (a mapping on it then fails
    with "Missing FunctionName"). This adds the model over moto's own Lambda alias API
    (`LambdaBackend.create_alias` / `update_alias` / `delete_alias`)."""
    from moto.awslambda.utils import get_backend

    def alias_args(props):
        return dict(name=props["Name"], function_name=props["FunctionName"],
                    function_version=props["FunctionVersion"],
                    description=props.get("Description", ""),
                    routing_config=props.get("RoutingConfig"))

    def delete(physical_id, props, account_id, region_name):
        try:
            get_backend(account_id, region_name).delete_alias(props["Name"], props["FunctionName"])
        except Exception:  # noqa: BLE001
            pass  # the function (and with it the alias) is already gone

    return _register_cloudformation_model(
        "AWS::Lambda::Alias", "moto.awslambda.models", name_property="Name",
        attribute="AliasArn",
        create=lambda props, account_id, region_name:
            get_backend(account_id, region_name).create_alias(**alias_args(props)),
        update=lambda old, props, account_id, region_name:
            get_backend(account_id, region_name).update_alias(**alias_args(props)),
        delete=delete,
        # Ref of an AWS::Lambda::Alias is the alias ARN, as is its one attribute.
        ref=lambda alias: alias.arn, arn=lambda alias: alias.arn)


def keep_alias_arn_on_event_source_mappings():
    """On AWS a mapping created (or updated) with an alias ARN reports that alias ARN
    as its FunctionArn and keeps following the alias. moto's
    `LambdaBackend.create_event_source_mapping` / `update_event_source_mapping` resolve
    the alias once and store the ARN of the version it pointed to (or the bare
    function ARN for `$LATEST`), and the update leaves `function_name` stale. This
    keeps the ARN as given for qualified names."""
    from moto.awslambda.models import LambdaBackend

    original_create = LambdaBackend.create_event_source_mapping
    original_update = LambdaBackend.update_event_source_mapping

    def qualified_arn(name):
        if ":function:" in name and name.split(":function:")[-1].count(":") == 1:
            return name
        return None

    def create(self, spec):
        esm = original_create(self, spec)
        arn = qualified_arn(spec.get("FunctionName", ""))
        if arn:
            esm.function_arn = arn
        return esm

    def update(self, uuid, spec):
        esm = original_update(self, uuid, spec)
        if esm is not None and "FunctionName" in spec:
            esm.function_name = spec["FunctionName"]
            arn = qualified_arn(spec["FunctionName"])
            if arn:
                esm.function_arn = arn
        return esm

    LambdaBackend.create_event_source_mapping = create
    LambdaBackend.update_event_source_mapping = update


def never_reuse_version_numbers():
    """Lambda numbers published versions 1, 2, 3... and never reuses a number, even
    after versions are deleted. moto's `LambdaStorage.publish_version` numbers the new
    version `len(versions) + 1`, so deleting an old version makes the next publish
    repeat (and overwrite) the newest number. This is that method with the number
    taken one past the highest ever published for the function."""
    import copy

    from moto.awslambda.models import LambdaStorage

    def publish_version(self, name_or_arn, description=""):
        function = self.get_function_by_name_or_arn_forbid_qualifier(name_or_arn)
        group = self._functions[function.function_name]
        versions = group["versions"]
        if versions and not function.code_or_config_updated:
            return versions[-1]  # nothing changed since the last publish
        function.code_or_config_updated = False
        # Kept with the function's own entry, so a recreated function starts at 1 again.
        number = max([group.get("highest_published", 0)] + [int(v.version) for v in versions]) + 1
        fn = copy.copy(group["latest"])
        fn.set_version(number)
        if description:
            fn.description = description
        versions.append(fn)
        self._arns[fn.function_arn] = fn
        group["highest_published"] = number
        return fn

    LambdaStorage.publish_version = publish_version

def keep_stream_records_for_readers():
    """On AWS a table's stream keeps every record for 24 hours, whoever consumes it. moto's
    `StreamShard.add` (moto/dynamodb/models/table.py) instead hands the records to each
    mapped function on every write and, since it cannot run the code here (no Docker),
    gets a canned answer back and drops the records, so no reader ever sees them. This is
    that method without the delivery: the records stay readable, by stream readers and by
    the mappings' pollers (stream_poller.py), which deliver them as Lambda does."""
    from moto.dynamodb.models.table import StreamRecord, StreamShard

    def add(self, old, new):
        view = self.table.stream_specification["StreamViewType"]
        if old is None:
            event_name = "INSERT"
        elif new is None:
            event_name = "REMOVE"
        else:
            event_name = "MODIFY"
        seq = len(self.items) + self.starting_sequence_number
        self.items.append(StreamRecord(self.table, view, event_name, old, new, seq))

    StreamShard.add = add

CLOUDWATCH_RPC_PREFIX = "/service/GraniteServiceVersion20100801/operation/"


def _cloudwatch_backend(environ):
    """The CloudWatch backend of the request's region (from its SigV4 credential scope)."""
    from moto.cloudwatch.models import cloudwatch_backends
    from moto.core import DEFAULT_ACCOUNT_ID

    auth = environ.get("HTTP_AUTHORIZATION", "")
    region = "us-east-1"
    if "Credential=" in auth:
        scope = auth.split("Credential=")[1].split(",")[0].split("/")
        if len(scope) > 2:
            region = scope[2]
    return cloudwatch_backends[DEFAULT_ACCOUNT_ID][region]


def _alarm_shape(alarm):
    return {
        "AlarmName": alarm.name,
        "AlarmArn": alarm.alarm_arn,
        "AlarmDescription": alarm.description or "",
        "StateValue": alarm.state_value,
        "StateReason": alarm.state_reason,
        "Namespace": alarm.namespace or "",
        "MetricName": alarm.metric_name or "",
        "Threshold": float(alarm.threshold) if alarm.threshold is not None else 0.0,
        "ComparisonOperator": alarm.comparison_operator or "",
        "EvaluationPeriods": int(alarm.evaluation_periods or 0),
        "ActionsEnabled": bool(alarm.actions_enabled),
        "AlarmActions": list(alarm.alarm_actions or []),
    }


def _metric_statistics(backend, params):
    """GetMetricStatistics from moto's backend, timestamps as RPC v2 CBOR has them
    (tag 1, epoch seconds)."""
    import datetime

    import cbor2

    def naive_utc(value):
        if isinstance(value, (int, float)):
            value = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)

    wanted = params.get("Statistics", [])
    args = dict(namespace=params["Namespace"], metric_name=params["MetricName"],
                period=int(params["Period"]), stats=wanted,
                dimensions=params.get("Dimensions", []), unit=params.get("Unit"))
    start, end = naive_utc(params["StartTime"]), naive_utc(params["EndTime"])
    try:
        stats = backend.get_metric_statistics(start_time=start, end_time=end, **args)
    except TypeError:  # metrics stored with a time zone: compare aware times
        utc = datetime.timezone.utc
        stats = backend.get_metric_statistics(start_time=start.replace(tzinfo=utc),
                                              end_time=end.replace(tzinfo=utc), **args)
    points = []
    for s in stats:
        stamp = s.timestamp if s.timestamp.tzinfo else s.timestamp.replace(
            tzinfo=datetime.timezone.utc)
        point = {"Timestamp": cbor2.CBORTag(1, stamp.timestamp())}
        for stat in wanted:
            value = s.get_statistics_for_type(stat)
            if value is not None:
                point[stat] = float(value)
        points.append(point)
    return {"Label": params["MetricName"], "Datapoints": points}


def serve_cloudwatch_over_rpc_v2_cbor():
    """The current AWS SDKs call CloudWatch with the Smithy RPC v2 CBOR protocol
    (`POST /service/GraniteServiceVersion20100801/operation/<Op>`, CBOR bodies); moto
    5.2.5 routes only the query protocol (moto/cloudwatch/urls.py), so every such call
    answers 404. This serves the operations the tool and its tests use (DescribeAlarms,
    PutMetricAlarm, SetAlarmState, DeleteAlarms, GetMetricStatistics) from moto's own
    CloudWatch backend, in
    front of moto's WSGI app (moto.moto_server.werkzeug_app.DomainDispatcherApplication)."""
    import cbor2
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original = DomainDispatcherApplication.__call__

    def reply(start_response, status, doc):
        body = cbor2.dumps(doc)
        start_response(status, [("Content-Type", "application/cbor"),
                                ("smithy-protocol", "rpc-v2-cbor"),
                                ("Content-Length", str(len(body)))])
        return [body]

    def handle(environ, start_response):
        op = environ["PATH_INFO"][len(CLOUDWATCH_RPC_PREFIX):]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        params = cbor2.loads(raw) if raw else {}
        backend = _cloudwatch_backend(environ)
        try:
            if op == "DescribeAlarms":
                prefix = params.get("AlarmNamePrefix")
                names = params.get("AlarmNames")
                alarms = (backend.get_alarms_by_alarm_name_prefix(prefix) if prefix
                          else backend.get_alarms_by_alarm_names(names) if names
                          else backend.describe_alarms())
                return reply(start_response, "200 OK", {
                    "MetricAlarms": [_alarm_shape(a) for a in alarms if a.rule is None],
                    "CompositeAlarms": []})
            if op == "PutMetricAlarm":
                backend.put_metric_alarm(
                    name=params["AlarmName"], namespace=params.get("Namespace"),
                    metric_name=params.get("MetricName"),
                    comparison_operator=params.get("ComparisonOperator"),
                    evaluation_periods=params.get("EvaluationPeriods"),
                    period=params.get("Period"), threshold=params.get("Threshold"),
                    statistic=params.get("Statistic"),
                    description=params.get("AlarmDescription"),
                    dimensions=params.get("Dimensions", []),
                    alarm_actions=params.get("AlarmActions", []))
                return reply(start_response, "200 OK", {})
            if op == "SetAlarmState":
                backend.set_alarm_state(params["AlarmName"], params.get("StateReason", ""),
                                        params.get("StateReasonData"), params["StateValue"])
                return reply(start_response, "200 OK", {})
            if op == "DeleteAlarms":
                backend.delete_alarms(params.get("AlarmNames", []))
                return reply(start_response, "200 OK", {})
            if op == "GetMetricStatistics":
                return reply(start_response, "200 OK", _metric_statistics(backend, params))
            if op == "GetMetricData":
                import cloudwatch_evaluator
                return reply(start_response, "200 OK",
                             cloudwatch_evaluator.metric_data(backend, params))
        except Exception as exc:  # noqa: BLE001 - reported to the caller as AWS would
            code = getattr(exc, "code", None) or type(exc).__name__
            return reply(start_response, "400 Bad Request",
                         {"__type": f"com.amazonaws.cloudwatch#{code}", "message": str(exc)})
        return reply(start_response, "400 Bad Request",
                     {"__type": "com.amazonaws.cloudwatch#UnknownOperationException",
                      "message": f"the test launcher does not serve {op}"})

    def call(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(CLOUDWATCH_RPC_PREFIX):
            return handle(environ, start_response)
        return original(self, environ, start_response)

    DomainDispatcherApplication.__call__ = call


def model_cloudwatch_alarms_in_cloudformation():
    """moto's CloudFormation has no model for AWS::CloudWatch::Alarm: stacks complete
    without their alarms (moto/cloudformation/parsing.py logs "No Moto CloudFormation
    support"). This adds one over moto's CloudWatch backend (`put_metric_alarm`,
    `delete_alarms`), recording name, description, metric, threshold and actions; an
    alarm defined by metric math (`Metrics`) is recorded without a single metric."""
    from moto.cloudwatch.models import cloudwatch_backends

    def put(account_id, region_name, props):
        backend = cloudwatch_backends[account_id][region_name]
        return backend.put_metric_alarm(
            name=props["AlarmName"], namespace=props.get("Namespace"),
            metric_name=props.get("MetricName"),
            comparison_operator=props.get("ComparisonOperator"),
            evaluation_periods=props.get("EvaluationPeriods"), period=props.get("Period"),
            threshold=props.get("Threshold"), statistic=props.get("Statistic"),
            description=props.get("AlarmDescription"),
            dimensions=props.get("Dimensions", []),
            alarm_actions=props.get("AlarmActions", []),
            treat_missing_data=props.get("TreatMissingData"))

    def update(old, props, account_id, region_name):
        cloudwatch_backends[account_id][region_name].delete_alarms([old.name])
        return put(account_id, region_name, props)

    return _register_cloudformation_model(
        "AWS::CloudWatch::Alarm", "moto.cloudwatch.models", name_property="AlarmName",
        attribute="Arn",
        create=lambda props, account_id, region_name: put(account_id, region_name, props),
        update=update,
        delete=lambda physical_id, props, account_id, region_name:
            cloudwatch_backends[account_id][region_name].delete_alarms([physical_id]),
        ref=lambda alarm: alarm.name, arn=lambda alarm: alarm.alarm_arn)


def read_short_form_condition_references():
    """In a template's Conditions, `!Condition X` (YAML short form) means `{"Condition": X}`.
    moto's YAML loader turns it into `{"Fn::Condition": X}`, which
    `moto.cloudformation.parsing.parse_condition` does not recognise, so a condition such
    as `!And [!Condition A, !Condition B]` is always false and the resources under it are
    never created. This rewrites the short form before moto evaluates it."""
    from moto.cloudformation import parsing

    original = parsing.parse_condition

    def normalise(node):
        if isinstance(node, dict):
            if set(node) == {"Fn::Condition"}:
                return {"Condition": node["Fn::Condition"]}
            return {k: normalise(v) for k, v in node.items()}
        if isinstance(node, list):
            return [normalise(v) for v in node]
        return node

    def parse_condition(condition, resources_map, condition_map):
        return original(normalise(condition), resources_map, condition_map)

    parsing.parse_condition = parse_condition

def apply_condition_changes_on_update():
    """On an UpdateStack, CloudFormation deletes the resources whose condition became
    false and creates those whose condition became true (e.g. EnableAggregator or
    EnableAlarms switched). moto's `ResourceMap.update` (moto/cloudformation/parsing.py)
    diffs resource JSON only, so such resources stay as they were. This runs moto's
    update, then applies the condition changes: deletions first (a few passes, since a
    resource may have to wait for the ones that depend on it), then creations."""
    from moto.cloudformation.parsing import ResourceMap

    original = ResourceMap.update

    def update(self, template, parameters=None):
        original(self, template, parameters)
        resources = template.get("Resources", {})

        def wanted(body):
            condition = body.get("Condition")
            return not condition or bool(self.lazy_condition_map[condition])

        doomed = [n for n, body in resources.items()
                  if not wanted(body) and n in self._parsed_resources]
        for _ in range(5):
            for logical_id in list(doomed):
                try:
                    self._delete_resource(self._parsed_resources[logical_id], resources[logical_id])
                except Exception:  # noqa: BLE001 - a dependent is still there; next pass
                    continue
                del self._parsed_resources[logical_id]
                doomed.remove(logical_id)
        for logical_id, body in resources.items():
            if wanted(body) and logical_id not in self._parsed_resources:
                _ = self[logical_id]  # moto creates a resource on first lookup

    ResourceMap.update = update


def serve_one_request_at_a_time():
    """AWS applies each API call atomically (a second CreateStack of a name is refused
    with AlreadyExistsException, a stack is never half registered). moto's threaded
    server runs requests in parallel over backends that are not thread-safe: two
    concurrent CreateStack calls both pass the name check in
    `CloudFormationBackend.create_stack` (moto/cloudformation/models.py) and then fail
    on each other's resources (a role or log group "already exists"). This serves one
    request at a time, in front of moto's WSGI app
    (moto.moto_server.werkzeug_app.DomainDispatcherApplication); Python runs one thread
    at a time anyway, so requests lose no speed, only the interleavings AWS never shows.
    The lock is emulator_lock.BACKEND_LOCK, which the Lambda model shares; a function
    runs without it (lambda_runtime.py answers Invoke in front of this)."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    from emulator_lock import BACKEND_LOCK

    inner = DomainDispatcherApplication.__call__

    def call(self, environ, start_response):
        with BACKEND_LOCK:
            # Responses are built eagerly; materialise them inside the lock all the same.
            return list(inner(self, environ, start_response))

    DomainDispatcherApplication.__call__ = call
