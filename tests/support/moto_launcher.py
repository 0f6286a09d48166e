"""Start moto's server for the test suites and keep it tied to its parent.

Usage: python moto_launcher.py PORT [PARENT_PID]

Prints "ready <port>" on stdout once the server answers, then serves until the
parent process (the test binary or pytest session that started it) goes away:
Rust test binaries have no global teardown, so the server watches its parent
instead of relying on being killed.

Gaps in the emulator that would otherwise make a correct tool look wrong are
corrected here, each documented with the moto code path it replaces (see
shared/EMULATOR.md); the tool itself is never bent around them.
"""

import os
import sys
import threading
import time
import urllib.request


def apply_emulator_corrections():
    """Correct documented moto 5.2.5 gaps. Each correction names what it replaces."""
    model_lambda_alias_in_cloudformation()
    keep_alias_arn_on_event_source_mappings()
    never_reuse_version_numbers()
    keep_stream_records_for_readers()


def model_lambda_alias_in_cloudformation():
    """moto's CloudFormation has no model for AWS::Lambda::Alias: the stack completes
    without the alias and `!Ref` to it resolves to nothing (a mapping on it then fails
    with "Missing FunctionName"). This adds the model over moto's own Lambda alias API
    (`LambdaBackend.create_alias` / `update_alias` / `delete_alias`). Registering a
    CloudFormationModel subclass is enough: moto.cloudformation.parsing.get_model_map
    builds its type map from CloudFormationModel.__subclasses__()."""
    from moto.awslambda.utils import get_backend
    from moto.core.common_models import CloudFormationModel

    class LambdaAliasResource(CloudFormationModel):
        # moto's model registry keys models by the service named in their module path.
        __module__ = "moto.awslambda.models"

        def __init__(self, alias):
            self.alias = alias

        @property
        def physical_resource_id(self):
            # Ref of an AWS::Lambda::Alias is the alias ARN.
            return self.alias.arn

        @staticmethod
        def cloudformation_name_type():
            return "Name"

        @staticmethod
        def cloudformation_type():
            return "AWS::Lambda::Alias"

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr in ("AliasArn",)

        def get_cfn_attribute(self, attribute_name):
            return self.alias.arn

        @classmethod
        def create_from_cloudformation_json(
            cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
        ):
            props = cloudformation_json["Properties"]
            alias = get_backend(account_id, region_name).create_alias(
                name=props["Name"],
                function_name=props["FunctionName"],
                function_version=props["FunctionVersion"],
                description=props.get("Description", ""),
                routing_config=props.get("RoutingConfig"),
            )
            return cls(alias)

        @classmethod
        def update_from_cloudformation_json(
            cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name
        ):
            props = cloudformation_json["Properties"]
            alias = get_backend(account_id, region_name).update_alias(
                name=props["Name"],
                function_name=props["FunctionName"],
                function_version=props["FunctionVersion"],
                description=props.get("Description", ""),
                routing_config=props.get("RoutingConfig"),
            )
            return cls(alias)

        @classmethod
        def delete_from_cloudformation_json(
            cls, resource_name, cloudformation_json, account_id, region_name
        ):
            props = cloudformation_json["Properties"]
            try:
                get_backend(account_id, region_name).delete_alias(
                    props["Name"], props["FunctionName"]
                )
            except Exception:
                pass  # the function (and with it the alias) is already gone

    return LambdaAliasResource


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
    that method without the delivery: the records stay readable (tests play the mapping's
    part by passing them to the handler)."""
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

def main():
    port = int(sys.argv[1])
    parent = int(sys.argv[2]) if len(sys.argv) > 2 else os.getppid()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

    apply_emulator_corrections()
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1).read()
            break
        except Exception:
            if time.time() > deadline:
                print("moto did not start within 30 s", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.05)
    print(f"ready {port}", flush=True)
    # The parent reads only that line; anything moto prints later must not hit
    # a closed pipe (that fails requests), so stdout goes to /dev/null now.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")

    def parent_alive():
        try:
            os.kill(parent, 0)
        except OSError:
            return False
        return True

    while parent_alive():
        time.sleep(0.5)
    server.stop()
    os._exit(0)


if __name__ == "__main__":
    main()
