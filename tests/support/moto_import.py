"""Correction of moto 5.2.5's CloudFormation resource import (change sets of type
IMPORT), applied by moto_corrections.apply_emulator_corrections; docs/testing.md lists it.

moto hands an IMPORT change set to `CloudFormationBackend.create_change_set` and
`execute_change_set` (moto/cloudformation/models.py) as if it were CREATE:
`CloudFormationResponse.create_change_set` (responses.py) drops `ResourcesToImport`,
the backend registers a second stack of the same name even when one exists, and
executing it tries to create the existing table and fails. AWS instead adopts the
existing resource into the stack, untouched, under rules it enforces. The decisions
(which rule an import breaks) are pure functions here; the glue to moto is at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

# The identifier property of each resource type this correction can import. Only the
# limiter's table is needed; other types are refused with a message naming this file.
IDENTIFIER_PROPERTY = {"AWS::DynamoDB::Table": "TableName"}

# States in which CloudFormation accepts a change set for an existing stack.
UPDATABLE_STATES = {
    "CREATE_COMPLETE",
    "UPDATE_COMPLETE",
    "UPDATE_ROLLBACK_COMPLETE",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_COMPLETE",
}


@dataclass(frozen=True)
class ToImport:
    """One entry of ResourcesToImport."""

    resource_type: str
    logical_id: str
    identifier: dict

    @property
    def physical_id(self) -> str:
        prop = IDENTIFIER_PROPERTY.get(self.resource_type, "")
        return str(self.identifier.get(prop, ""))


def import_request_errors(template: dict, current: dict, to_import: list[ToImport]) -> list[str]:
    """What CloudFormation refuses synchronously on CreateChangeSet (ValidationError),
    in the order it checks: the import list against the template, DeletionPolicy on every
    imported resource, then that nothing but the imports changes (`current` is the
    stack's template, `{}` for a stack that does not exist yet). Returns the messages;
    empty when the request is acceptable."""
    resources = template.get("Resources") or {}
    current_resources = current.get("Resources") or {}
    if not to_import:
        return ["ResourcesToImport must name at least one resource to import."]
    missing = [r.logical_id for r in to_import if r.logical_id not in resources]
    if missing:
        return [f"Resources {sorted(missing)} to import are missing from the template."]
    wrong_type = [r.logical_id for r in to_import
                  if resources[r.logical_id].get("Type") != r.resource_type]
    if wrong_type:
        return [f"The resource types of {sorted(wrong_type)} in ResourcesToImport do not "
                "match their types in the template."]
    unsupported = sorted({r.resource_type for r in to_import
                          if r.resource_type not in IDENTIFIER_PROPERTY})
    if unsupported:
        return [f"The test emulator (tests/support/moto_import.py) does not model the import "
                f"of {unsupported}."]
    no_identifier = [r.logical_id for r in to_import if not r.physical_id]
    if no_identifier:
        return [f"ResourceIdentifier of {sorted(no_identifier)} must give the type's "
                "identifier property."]
    no_policy = [r.logical_id for r in to_import
                 if "DeletionPolicy" not in resources[r.logical_id]]
    if no_policy:
        return [f"The following resources to import {sorted(no_policy)} must have "
                "DeletionPolicy attribute specified in the template."]
    already = [r.logical_id for r in to_import if r.logical_id in current_resources]
    if already:
        return [f"Resources {sorted(already)} already exist in the stack; only resources "
                "that the stack does not manage can be imported."]
    imported = {r.logical_id for r in to_import}
    changed = sorted(
        {name for name, body in resources.items()
         if name not in imported and _same_resource(current_resources.get(name)) != _same_resource(body)}
        | {name for name in current_resources if name not in resources})
    if changed:
        return [f"You have modified resources {changed} in your template that are not being "
                "imported. Update, create or delete operations cannot be executed during "
                "import operations."]
    if (template.get("Outputs") or {}) != (current.get("Outputs") or {}):
        return ["As part of the import operation, you cannot modify or add [Outputs]"]
    return []


def _same_resource(body):
    """A resource as compared: moto gives a stored resource without Properties an empty one."""
    if isinstance(body, dict) and "Properties" not in body:
        return {**body, "Properties": {}}
    return body


def import_target_errors(to_import: list[ToImport], exists, owner) -> list[str]:
    """What CloudFormation finds when it looks the resources up (asynchronously, so the
    change set ends FAILED with this reason, or the execution rolls back): each resource
    must exist (`exists(r)`) and belong to no stack (`owner(r)` gives the owning stack's
    id, or None)."""
    errors = []
    for r in to_import:
        if not exists(r):
            errors.append(f"Resource {r.physical_id} of type {r.resource_type} to import as "
                          f"{r.logical_id} does not exist.")
            continue
        stack = owner(r)
        if stack:
            errors.append(f"Resource {r.physical_id} of type {r.resource_type} to import as "
                          f"{r.logical_id} already belongs to stack {stack}.")
    return errors


def parse_resources_to_import(raw) -> list[ToImport]:
    """ResourcesToImport as moto's request parser hands it over (a list of dicts)."""
    return [ToImport(resource_type=entry.get("ResourceType", ""),
                     logical_id=entry.get("LogicalResourceId", ""),
                     identifier=dict(entry.get("ResourceIdentifier") or {}))
            for entry in raw or []]


# Properties whose change makes CloudFormation replace an AWS::DynamoDB::Table.
TABLE_REPLACEMENT_PROPERTIES = ("TableName", "KeySchema", "LocalSecondaryIndexes")


def _stream(props: dict):
    spec = props.get("StreamSpecification") or {}
    return spec.get("StreamViewType")


def table_update_plan(old: dict, new: dict) -> dict:
    """What CloudFormation does to a table whose resolved properties go from `old` to
    `new`: `{"replace": [...]}` when a replacement property changed, else the in-place
    changes of the properties that changed (a property whose template value did not
    change is never applied, whatever the table looks like now). Keys: billing_mode,
    throughput, stream (view type, or None to disable), deletion_protection,
    gsi_create (index definitions), gsi_delete (names). TTL, PITR and SSE are left
    out, as moto ignores them on create too."""
    replaced = [p for p in TABLE_REPLACEMENT_PROPERTIES if old.get(p) != new.get(p)]
    if replaced:
        return {"replace": replaced}
    plan: dict = {}
    if old.get("BillingMode") != new.get("BillingMode"):
        plan["billing_mode"] = new.get("BillingMode") or "PROVISIONED"
    if old.get("ProvisionedThroughput") != new.get("ProvisionedThroughput"):
        plan["throughput"] = new.get("ProvisionedThroughput")
    if _stream(old) != _stream(new):
        plan["stream"] = _stream(new)
    if bool(old.get("DeletionProtectionEnabled")) != bool(new.get("DeletionProtectionEnabled")):
        plan["deletion_protection"] = bool(new.get("DeletionProtectionEnabled"))
    old_gsis = {g["IndexName"]: g for g in old.get("GlobalSecondaryIndexes") or []}
    new_gsis = {g["IndexName"]: g for g in new.get("GlobalSecondaryIndexes") or []}
    # An index whose definition changed is dropped and created again, as on AWS.
    gone = sorted(n for n in old_gsis if old_gsis[n] != new_gsis.get(n))
    added = [new_gsis[n] for n in sorted(new_gsis) if new_gsis[n] != old_gsis.get(n)]
    if gone:
        plan["gsi_delete"] = gone
    if added:
        plan["gsi_create"] = added
    return plan


# --------------------------------------------------------------------------- moto glue


def model_resource_import():
    """CloudFormation resource import, as AWS does it: CreateChangeSet with
    ChangeSetType=IMPORT and ResourcesToImport registers a change set of `Import`
    changes (a new stack waits in REVIEW_IN_PROGRESS; an existing one is not duplicated),
    refusing with ValidationError what AWS refuses on the call (a missing DeletionPolicy,
    imports the template does not declare, any other resource or the Outputs changed)
    and ending the change set FAILED with a reason when a resource does not exist or
    belongs to a stack. ExecuteChangeSet adopts the existing table object into the
    stack's resource map without touching it (stack IMPORT_COMPLETE), or rolls back to
    IMPORT_ROLLBACK_COMPLETE when the resource vanished or was taken meanwhile. Replaces
    the IMPORT path of `CloudFormationResponse.create_change_set` (responses.py) and
    `CloudFormationBackend.create_change_set` / `execute_change_set` (models.py)."""
    from moto.cloudformation.exceptions import (
        AlreadyExistsException,
        CloudFormationError,
        ValidationError,
    )
    from moto.cloudformation.models import (
        Change,
        ChangeSet,
        CloudFormationBackend,
        Stack,
        cloudformation_backends,
    )
    from moto.cloudformation.parsing import ResourceMap, clean_json
    from moto.cloudformation.responses import CloudFormationResponse
    from moto.cloudformation.utils import (
        generate_changeset_id,
        generate_stack_id,
        validate_create_change_set,
    )
    from moto.dynamodb.models import dynamodb_backends

    class InvalidChangeSetStatus(CloudFormationError):
        # moto finds an error's service model from the service named in its module path.
        __module__ = "moto.cloudformation.exceptions"
        code = "InvalidChangeSetStatus"

    def table(backend, r: ToImport):
        tables = dynamodb_backends[backend.account_id][backend.region_name].tables
        return tables.get(r.physical_id)

    def owner(backend, r: ToImport):
        """The id of the live stack whose resource map holds the resource, if any."""
        for stack in cloudformation_backends[backend.account_id][backend.region_name].stacks.values():
            if stack.status == "DELETE_COMPLETE":
                continue
            parsed = stack.resource_map._parsed_resources
            for logical_id in stack.resource_map._resource_json_map:
                held = parsed.get(logical_id)
                if (held is not None and not isinstance(held, (str, int, float, list, dict))
                        and getattr(held, "cf_resource_type", None) == r.resource_type
                        and getattr(held, "physical_resource_id", None) == r.physical_id):
                    return stack.stack_id
        return None

    def target_errors(backend, to_import):
        return import_target_errors(to_import, lambda r: table(backend, r) is not None,
                                    lambda r: owner(backend, r))

    def stack_named(backend, name):
        for stack in backend.stacks.values():
            if stack.name == name or stack.stack_id == name:
                return stack
        return None

    def create_import_change_set(backend, stack_name, change_set_name, template, parameters,
                                 description, to_import, notification_arns, tags, role_arn):
        validate_create_change_set(change_set_name)
        stack = stack_named(backend, stack_name)
        new_stack = stack is None or stack.status == "REVIEW_IN_PROGRESS"
        if stack is not None and not new_stack and stack.status not in UPDATABLE_STATES:
            raise ValidationError(
                message=f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.")
        try:
            template_dict = Stack.parse_template(template)
        except Exception as exc:  # noqa: BLE001 - any parse failure is the caller's template
            raise ValidationError(message=f"Template format error: {exc}") from None
        if not isinstance(template_dict, dict):
            raise ValidationError(message="Template format error: the template is not a map.")
        if stack is not None and any(
                c.change_set_name == change_set_name and c.stack_id == stack.stack_id
                for c in backend.change_sets.values()):
            raise AlreadyExistsException(f"ChangeSet {change_set_name} already exists")
        current = {} if new_stack else stack.template_dict
        errors = import_request_errors(template_dict, current, to_import)
        if errors:
            raise ValidationError(message=errors[0])
        if stack is None:
            stack = Stack(
                stack_id=generate_stack_id(stack_name, backend.region_name, backend.account_id),
                name=stack_name, template={}, parameters=parameters,
                account_id=backend.account_id, region_name=backend.region_name,
                notification_arns=notification_arns, tags=tags, role_arn=role_arn)
            backend.stacks[stack.stack_id] = stack
            stack.status = "REVIEW_IN_PROGRESS"
            stack._add_stack_event("REVIEW_IN_PROGRESS", resource_status_reason="User Initiated")
        change_set = ChangeSet(
            change_set_type="IMPORT",
            change_set_id=generate_changeset_id(change_set_name, backend.region_name,
                                                backend.account_id),
            change_set_name=change_set_name, stack=stack, template=template,
            parameters=parameters, description=description,
            notification_arns=notification_arns, tags=tags, role_arn=role_arn)
        change_set.resources_to_import = to_import
        change_set.changes = []
        for r in to_import:
            change = Change(action="Import", logical_resource_id=r.logical_id,
                            resource_type=r.resource_type)
            change.physical_resource_id = r.physical_id
            change_set.changes.append(change)
        failures = target_errors(backend, to_import)
        if failures:
            change_set.status = "FAILED"
            change_set.execution_status = "UNAVAILABLE"
            change_set.status_reason = " ".join(failures)
        else:
            change_set.status = "CREATE_COMPLETE"
            change_set.execution_status = "AVAILABLE"
        backend.change_sets[change_set.change_set_id] = change_set
        return change_set.change_set_id, stack.stack_id

    def execute_import(backend, change_set):
        if change_set.status != "CREATE_COMPLETE" or change_set.execution_status != "AVAILABLE":
            raise InvalidChangeSetStatus(
                f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
                f"status of [{change_set.status}]"
                if change_set.status != "CREATE_COMPLETE" else
                f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
                f"execution status of [{change_set.execution_status}]")
        stack = backend.stacks[change_set.stack_id]
        stack._add_stack_event("IMPORT_IN_PROGRESS", resource_status_reason="User Initiated")
        to_import = change_set.resources_to_import
        failures = target_errors(backend, to_import)
        if failures:
            # The stack keeps what it had (a new stack: nothing), as after AWS's rollback.
            stack._add_stack_event("IMPORT_ROLLBACK_IN_PROGRESS",
                                   resource_status_reason=" ".join(failures))
            stack._add_stack_event("IMPORT_ROLLBACK_COMPLETE")
            stack.status = "IMPORT_ROLLBACK_COMPLETE"
            change_set.execution_status = "EXECUTE_FAILED"
            change_set.status_reason = " ".join(failures)
            return
        old_map = stack.resource_map
        template_dict = change_set.template_dict
        resource_map = ResourceMap(
            stack.stack_id, stack.name, change_set.parameters, stack.tags,
            region_name=stack.region_name, account_id=stack.account_id,
            template=template_dict, cross_stack_resources=backend.exports)
        resource_map.load()
        # Resources the stack already manages stay the same objects; the imported
        # ones are the existing backend objects, neither recreated nor changed.
        for logical_id in old_map._resource_json_map:
            if logical_id in old_map._parsed_resources:
                resource_map._parsed_resources[logical_id] = old_map._parsed_resources[logical_id]
        for r in to_import:
            adopted = table(backend, r)
            adopted.logical_resource_id = r.logical_id
            adopted.cf_resource_type = r.resource_type
            # What later updates compare against: the template as imported.
            adopted.cfn_properties = clean_json(
                template_dict["Resources"][r.logical_id].get("Properties") or {}, resource_map)
            resource_map._parsed_resources[r.logical_id] = adopted
        stack.resource_map = resource_map
        stack.template = change_set.template
        stack._parse_template()
        stack.description = stack.template_dict.get("Description")
        stack.parameters = change_set.parameters or stack.parameters
        stack.output_map = stack._create_output_map()
        stack._add_stack_event("IMPORT_COMPLETE")
        stack.status = "IMPORT_COMPLETE"
        change_set.execution_status = "EXECUTE_COMPLETE"

    original_response = CloudFormationResponse.create_change_set
    original_execute = CloudFormationBackend.execute_change_set

    def create_change_set(self):
        if self._get_param("ChangeSetType") != "IMPORT":
            return original_response(self)
        from moto.core.responses import ActionResult

        template = self._get_param("TemplateBody")
        if self._get_param("TemplateURL"):
            template = self._get_stack_from_s3_url(self._get_param("TemplateURL"))
        if not template:
            raise ValidationError(message="An import change set needs TemplateBody or TemplateURL.")
        stack_name = self._get_param("StackName")
        existing = stack_named(self.cloudformation_backend, stack_name)
        parameters = {}
        for param in self._get_param("Parameters", []):
            key = param["ParameterKey"]
            if param.get("UsePreviousValue"):
                if existing is None or key not in existing.stack_parameters:
                    raise ValidationError(
                        message=f"Parameter {key} has no previous value to use.")
                parameters[key] = existing.stack_parameters[key]
            else:
                parameters[key] = param["ParameterValue"]
        change_set_id, stack_id = create_import_change_set(
            self.cloudformation_backend, stack_name, self._get_param("ChangeSetName"),
            template, parameters, self._get_param("Description"),
            parse_resources_to_import(self._get_param("ResourcesToImport", [])),
            self._get_param("NotificationARNs", []),
            {t["Key"]: t["Value"] for t in self._get_param("Tags", [])},
            self._get_param("RoleARN"))
        return ActionResult({"Id": change_set_id, "StackId": stack_id})

    def execute_change_set(self, change_set_name, stack_name=None):
        change_set = self.change_sets.get(change_set_name)
        if change_set is None:
            for candidate in self.change_sets.values():
                if candidate.change_set_name == change_set_name and (
                        stack_name is None or candidate.stack_name == stack_name
                        or candidate.stack_id == stack_name):
                    change_set = candidate
        if change_set is not None and getattr(change_set, "resources_to_import", None) is not None:
            return execute_import(self, change_set)
        return original_execute(self, change_set_name, stack_name)

    CloudFormationResponse.create_change_set = create_change_set
    CloudFormationBackend.execute_change_set = execute_change_set
    # A tool importing into many stacks reuses its change set name on each of them.
    look_up_change_sets_by_stack()
    # The update that follows an import modifies the table when a parameter it refers
    # to is passed differently.
    update_tables_in_place()


def look_up_change_sets_by_stack():
    """A change set name is unique per stack on AWS: DescribeChangeSet, ExecuteChangeSet
    and DeleteChangeSet given a name look it up on the stack named by StackName, and
    ListChangeSets lists that stack's only; an unknown change set is ChangeSetNotFound.
    moto's `CloudFormationBackend.describe_change_set` / `execute_change_set` /
    `delete_change_set` (models.py) match the name across all stacks (the last one of
    that name wins, so two stacks that use the same change set name mix them up),
    `list_change_sets` lists every stack's, and an unknown one is a ValidationError
    about a stack. This resolves the name on the stack first, in front of
    `CloudFormationResponse` (responses.py), and hands moto the change set's ARN."""
    from moto.cloudformation.exceptions import CloudFormationError, ValidationError
    from moto.cloudformation.responses import CloudFormationResponse
    from moto.core.responses import ActionResult

    class ChangeSetNotFound(CloudFormationError):
        __module__ = "moto.cloudformation.exceptions"
        code = "ChangeSetNotFound"

        def __init__(self, name):
            super().__init__(f"ChangeSet [{name}] does not exist")
            self.code = "ChangeSetNotFound"

    def live_stack(backend, name_or_id):
        for stack in backend.stacks.values():
            if name_or_id in (stack.name, stack.stack_id):
                return stack
        return None

    def resolve(response):
        """The ARN of the change set the request names, or ChangeSetNotFound."""
        backend = response.cloudformation_backend
        name = response._get_param("ChangeSetName")
        stack_name = response._get_param("StackName")
        if name and name.startswith("arn:"):
            if name in backend.change_sets and backend.change_sets[name].stack_id in backend.stacks:
                return name
            raise ChangeSetNotFound(name)
        if not stack_name:
            raise ValidationError(
                message="StackName must be specified if ChangeSetName is not specified as an ARN.")
        stack = live_stack(backend, stack_name)
        if stack is not None:
            for change_set_id, change_set in backend.change_sets.items():
                if change_set.change_set_name == name and change_set.stack_id == stack.stack_id:
                    return change_set_id
        raise ChangeSetNotFound(name)

    def by_arn(original):
        def handler(self):
            arn = resolve(self)
            # CloudFormation's responses read their parameters from the parsed request.
            self.params["ChangeSetName"] = arn
            return original(self)
        return handler

    def list_change_sets(self):
        backend = self.cloudformation_backend
        stack_name = self._get_param("StackName")
        stack = live_stack(backend, stack_name) if stack_name else None
        if stack is None:
            raise ValidationError(stack_name)
        return ActionResult({"Summaries": [c for c in backend.change_sets.values()
                                           if c.stack_id == stack.stack_id]})

    CloudFormationResponse.describe_change_set = by_arn(CloudFormationResponse.describe_change_set)
    CloudFormationResponse.execute_change_set = by_arn(CloudFormationResponse.execute_change_set)
    CloudFormationResponse.delete_change_set = by_arn(CloudFormationResponse.delete_change_set)
    CloudFormationResponse.list_change_sets = list_change_sets


def update_tables_in_place():
    """CloudFormation updates an AWS::DynamoDB::Table in place, applying only the
    properties whose template value changed (billing, throughput, stream, deletion
    protection, global secondary indexes), and refuses to replace a custom-named table
    ("CloudFormation cannot update a stack when a custom-named resource requires
    replacing"). moto's `Table` (moto/dynamodb/models/table.py) has no
    `update_from_cloudformation_json`, so `parse_and_update_resource`
    (moto/cloudformation/parsing.py) puts nothing in the table's place in the stack's
    resource map: the stack no longer lists the table and any output on it fails the
    update with HTTP 500. That happens whenever an update modifies the table, e.g. a
    parameter it references passed explicitly after being defaulted at creation. This
    adds the method; each table keeps the resolved properties it was created (or
    imported) with, to compare against."""
    from moto.cloudformation.exceptions import ValidationError
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.table import Table

    original_create = Table.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id,
                                        region_name, **kwargs):
        table = original_create(cls, resource_name, cloudformation_json, account_id,
                                region_name, **kwargs)
        table.cfn_properties = dict(cloudformation_json.get("Properties") or {})
        return table

    def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                        cloudformation_json, account_id, region_name):
        table = original_resource
        new = dict(cloudformation_json.get("Properties") or {})
        old = getattr(table, "cfn_properties", new)
        plan = table_update_plan(old, new)
        if "replace" in plan:
            raise ValidationError(
                message="CloudFormation cannot update a stack when a custom-named resource "
                        f"requires replacing. Rename {table.name} and update the stack again "
                        f"(changed: {', '.join(plan['replace'])}).")
        backend = dynamodb_backends[account_id][region_name]
        if "billing_mode" in plan:
            table.billing_mode = plan["billing_mode"]
        if "throughput" in plan:
            table.throughput = plan["throughput"]
        if "stream" in plan:
            table.set_stream_specification(
                {"StreamEnabled": True, "StreamViewType": plan["stream"]}
                if plan["stream"] else None)
        if "deletion_protection" in plan:
            table.deletion_protection_enabled = plan["deletion_protection"]
        updates = [{"Delete": {"IndexName": n}} for n in plan.get("gsi_delete", [])]
        updates += [{"Create": g} for g in plan.get("gsi_create", [])]
        if updates:
            if new.get("AttributeDefinitions"):
                table.attr = new["AttributeDefinitions"]
            backend.update_table_global_indexes(table, updates)
        table.cfn_properties = new
        return table

    Table.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    Table.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)
