"""Correction of moto 5.2.5's DescribeStackResources, applied by
moto_corrections.apply_emulator_corrections. Listed in docs/testing.md.
"""


def describe_stack_resources_by_physical_id():
    """On AWS, DescribeStackResources takes either StackName or PhysicalResourceId; with a
    physical id alone it answers with the resources of the stack that owns that resource,
    and with `ValidationError: Stack for <id> does not exist` when no stack does (the
    documented way to find a resource's owner). moto's
    `CloudFormationResponse.describe_stack_resources` (moto/cloudformation/responses.py)
    reads StackName only, so a lookup by physical id fails on a stack named None. This
    answers the physical-id form from moto's own stacks (deleted stacks own nothing) and
    leaves the StackName form to moto."""
    from moto.cloudformation.exceptions import ValidationError
    from moto.cloudformation.responses import CloudFormationResponse, StackResourceDTO
    from moto.core.responses import ActionResult

    original = CloudFormationResponse.describe_stack_resources

    def describe_stack_resources(self):
        physical_id = self._get_param("PhysicalResourceId")
        if self._get_param("StackName") or not physical_id:
            return original(self)
        for stack in self.cloudformation_backend.stacks.values():
            if stack.status == "DELETE_COMPLETE":
                continue
            resources = list(stack.stack_resources)
            if any(getattr(r, "physical_resource_id", None) == physical_id for r in resources):
                return ActionResult({"StackResources": [StackResourceDTO(stack, r) for r in resources]})
        raise ValidationError(physical_id, message=f"Stack for {physical_id} does not exist")

    CloudFormationResponse.describe_stack_resources = describe_stack_resources
