"""Correction of moto 5.2.5's table restores, applied by
moto_corrections.apply_emulator_corrections. Listed in docs/testing.md.
"""


def keep_billing_mode_on_restore():
    """On AWS a table restored from a backup or to a point in time has the source's
    billing mode unless the request overrides it (`BillingModeOverride`); an on-demand
    table comes back on-demand. moto's `RestoredTable._parse_params_from_backup` and
    `RestoredPITTable._parse_params_from_table` (moto/dynamodb/models/table.py) copy the
    keys, attributes and throughput only, so every restored table reads PROVISIONED. This
    copies the billing mode as well (moto passes no override through to them, so the
    source's mode is what a request without one gets on AWS)."""
    from moto.dynamodb.models.table import RestoredPITTable, RestoredTable

    from_backup = RestoredTable._parse_params_from_backup
    from_table = RestoredPITTable._parse_params_from_table

    def parse_from_backup(self, backup):
        params = from_backup(self, backup)
        params["billing_mode"] = backup.table.billing_mode
        return params

    def parse_from_table(self, table):
        params = from_table(self, table)
        params["billing_mode"] = table.billing_mode
        return params

    RestoredTable._parse_params_from_backup = parse_from_backup
    RestoredPITTable._parse_params_from_table = parse_from_table
