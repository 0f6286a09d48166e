"""Correction of moto 5.2.5's choice of the resources an UpdateStack modifies, applied by
moto_corrections.apply_emulator_corrections. Listed in docs/testing.md.
"""


def _conditions_used(node, found):
    """Names of the conditions a resource body uses: its `Condition` key and the first
    argument of every `Fn::If`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::If" and isinstance(value, list) and value and isinstance(value[0], str):
                found.add(value[0])
            if key == "Condition" and isinstance(value, str):
                found.add(value)
            _conditions_used(value, found)
    elif isinstance(node, list):
        for value in node:
            _conditions_used(value, found)
    return found


def _parameters_of_conditions(names, conditions):
    """The parameters the named conditions read, following `Condition` references."""
    from moto.cloudformation.parsing import get_references_from_template

    params, seen, todo = set(), set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen or name not in conditions:
            continue
        seen.add(name)
        body = conditions[name]
        params.update(get_references_from_template(body))
        todo.extend(_conditions_used(body, set()) - seen)
    return params


def modify_resources_whose_conditions_read_changed_parameters():
    """On AWS, an UpdateStack re-evaluates every resource property: a property set through
    `Fn::If [Condition, a, b]` changes when a parameter the condition reads changes, and
    the resource is updated (e.g. the table's DeletionProtectionEnabled follows the
    DeletionProtection parameter through the TableDeletionProtected condition). moto's
    `ResourceMap.build_resource_diff` (moto/cloudformation/parsing.py) marks a resource
    modified only when its JSON changed or it names a changed parameter with `Ref`, so
    such updates are skipped. This adds the resources whose conditions read a changed
    parameter to the ones moto modifies."""
    from moto.cloudformation.parsing import ResourceMap

    original = ResourceMap.build_resource_diff

    def build_resource_diff(self, other_template, parameters=None):
        actions = original(self, other_template, parameters)
        if not parameters:
            return actions
        changed = {p for p in parameters if self.input_parameters.get(p) != parameters[p]}
        conditions = other_template.get("Conditions", {}) or {}
        old = self._resource_json_map
        for name, body in other_template["Resources"].items():
            if name not in old or name in actions["Modify"]:
                continue
            used = _conditions_used(body.get("Properties", {}), set())
            if changed & _parameters_of_conditions(used, conditions):
                actions["Modify"].append(name)
        return actions

    ResourceMap.build_resource_diff = build_resource_diff
