-- governance_standard_lines (fragment, included by name in double braces): every
-- classified line with the IT standards register row of its vendor, when there is one.
-- GRAIN: one row per classified line. A register row matches a line when its vendor_key equals
-- the line's vendor_key, or its name_key equals text_key(vendor_canonical) (the catalog or merged
-- name): 'Slack' in the register matches 'SQ *SLACK TECHNOLOGIES' once the catalog names it Slack.
-- When both rules match different register rows, the vendor_key match wins.
SELECT
    cl.*,
    coalesce(cl.department, '(no department)')                                     AS dept,
    coalesce(cl.vendor_canonical, cl.vendor, '(no vendor)')                        AS vendor_name,
    coalesce(std.status, 'not in register')                                        AS status,
    std.vendor                                                                     AS register_vendor,
    std.owner,
    std.last_review,
    std.customer_data
FROM classified_lines AS cl
LEFT JOIN (
    SELECT k.vendor_key, k.vendor_canonical, arg_min(k.std_key, k.priority) AS register_key
    FROM (
        SELECT v.vendor_key, v.vendor_canonical, s.vendor_key AS std_key,
               CASE WHEN s.vendor_key = v.vendor_key THEN 1 ELSE 2 END AS priority
        FROM (SELECT DISTINCT vendor_key, vendor_canonical FROM classified_lines) AS v
        JOIN it_standards AS s
          ON s.vendor_key = v.vendor_key OR s.name_key = text_key(v.vendor_canonical)
    ) AS k
    GROUP BY k.vendor_key, k.vendor_canonical
) AS matched
  ON matched.vendor_key IS NOT DISTINCT FROM cl.vendor_key
 AND matched.vendor_canonical IS NOT DISTINCT FROM cl.vendor_canonical
LEFT JOIN it_standards AS std ON std.vendor_key = matched.register_key
