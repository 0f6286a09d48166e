"""Corrections of how moto 5.2.5's CloudFormation reads two template features the
limiter template uses for `deploy --enable-tracing` and `--no-iam` (listed in
docs/testing.md; tests in tests/corrections/test_cfn_properties.py).
"""


def drop_no_value_list_items():
    """AWS: `AWS::NoValue` returned by `Fn::If` removes what it stands in for — a
    property, or an item of a list (the usual way to make one policy statement or one
    security group conditional). moto's `parsing.clean_json` removes properties but keeps
    list items, as `null`: a role policy with a conditional statement then carries a null
    statement, which AWS would never store. This drops the list items that resolved to
    `AWS::NoValue` (only those: other items are kept as they are)."""
    from moto.cloudformation import parsing

    original = parsing.clean_json

    def is_no_value(node):
        if isinstance(node, dict) and list(node) == ["Ref"]:
            return node["Ref"] == "AWS::NoValue"
        if isinstance(node, dict) and list(node) == ["Fn::If"]:
            return any(is_no_value(branch) for branch in node["Fn::If"][1:])
        return False

    def clean_json(resource_json, resources_map):
        if isinstance(resource_json, list):
            out = []
            for item in resource_json:
                cleaned = clean_json(item, resources_map)
                if cleaned is None and is_no_value(item):
                    continue
                out.append(cleaned)
            return out
        return original(resource_json, resources_map)

    parsing.clean_json = clean_json


def pass_lambda_tracing_config():
    """AWS::Lambda::Function's `TracingConfig` sets the function's X-Ray mode (Active or
    PassThrough) on create and on update; and an update whose `Code` property is
    unchanged leaves the function's code alone (code shipped since, e.g. by
    `UpdateFunctionCode`, stays). moto's model (`LambdaFunction.
    create_from_cloudformation_json` / `update_from_cloudformation_json`) drops
    `TracingConfig`, so every function reads PassThrough, and on every update re-applies
    `Code`, failing with a 500 on inline `ZipFile` source (it base64-decodes the source
    text). This passes the mode through (a function without it reads PassThrough, as on
    AWS) and applies `Code` on update only when it changed, inline source zipped as moto's
    create does."""
    import base64
    import copy

    from moto.awslambda.models import LambdaFunction
    from moto.cloudformation.exceptions import ValidationError
    from moto.cloudformation.models import CloudFormationBackend

    create = LambdaFunction.create_from_cloudformation_json.__func__

    class BadTracingMode(ValidationError):
        # moto serialises an error by the service named in its class's module path.
        __module__ = "moto.cloudformation.exceptions"

    def mode_of(cloudformation_json):
        config = cloudformation_json.get("Properties", {}).get("TracingConfig") or {}
        mode = config.get("Mode", "PassThrough")
        if mode not in ("Active", "PassThrough"):
            # CloudFormation's schema allows only these two.
            raise BadTracingMode(
                message=f"TracingConfig.Mode must be Active or PassThrough, not {mode!r}")
        return {"Mode": mode}

    create_stack = CloudFormationBackend.create_stack

    def create_stack_or_nothing(self, name, *args, **kwargs):
        # moto has no failed-create model: a resource that cannot be made would leave a
        # half-made stack that fails every later read. AWS rolls such a create back;
        # here the request is refused and whatever was made is deleted again.
        try:
            return create_stack(self, name, *args, **kwargs)
        except BadTracingMode:
            for stack_id, stack in list(self.stacks.items()):
                if stack.name == name:
                    try:
                        stack.delete()
                    except Exception:  # noqa: BLE001 - best effort, as a rollback
                        pass
                    del self.stacks[stack_id]
            raise

    CloudFormationBackend.create_stack = create_stack_or_nothing

    def created(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        mode = mode_of(cloudformation_json)
        # moto's create rewrites Code.ZipFile in place: remember the template's form.
        code = copy.deepcopy(cloudformation_json["Properties"].get("Code"))
        fn = create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        fn.tracing_config = mode
        fn.zael_cfn_code = code
        return fn

    def updated(cls, original_resource, new_resource_name, cloudformation_json, account_id,
                region_name):
        mode = mode_of(cloudformation_json)
        props = cloudformation_json["Properties"]
        code = copy.deepcopy(props.get("Code"))
        original_resource.update_configuration(props)
        if code != getattr(original_resource, "zael_cfn_code", None):
            spec = dict(code or {})
            if "ZipFile" in spec:
                spec["ZipFile"] = base64.b64encode(
                    cls._create_zipfile_from_plaintext_code(spec["ZipFile"])).decode()
            original_resource.update_function_code(spec)
        original_resource.zael_cfn_code = code
        original_resource.tracing_config = mode
        return original_resource

    LambdaFunction.create_from_cloudformation_json = classmethod(created)
    LambdaFunction.update_from_cloudformation_json = classmethod(updated)
