-- report_facts: the Provenance sheet's counts of what shaped the figures.
-- Grain: one row. Catalog columns are NULL before the catalog was first loaded.
SELECT
    (SELECT count(*) FROM rules WHERE removed_at IS NULL)                            AS rules_in_force,
    (SELECT count(*) FROM rules WHERE removed_at IS NOT NULL)                        AS rules_undone,
    (SELECT count(*) FROM vendor_merges WHERE removed_at IS NULL)                    AS merges_in_force,
    (SELECT count(*) FROM departments WHERE it_source = 'user' OR cf_source = 'user') AS departments_set,
    (SELECT catalog_version FROM catalog_meta ORDER BY loaded_at DESC LIMIT 1)       AS catalog_version,
    (SELECT vendors FROM catalog_meta ORDER BY loaded_at DESC LIMIT 1)               AS catalog_vendors,
    (SELECT count(*) FROM fx_rates)                                                  AS fx_rates,
    (SELECT count(*) FROM budget_lines)                                              AS budget_lines
