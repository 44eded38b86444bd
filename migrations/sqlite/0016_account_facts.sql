-- What accounts lets other capabilities read of its tables, and nothing more: other crates'
-- SQL reads these views, never the members, organizations or associations tables themselves
-- (a test in civiclink-people reads its SQL for those names). A column accounts renames or
-- moves is renamed here, and the readers do not change. `listed` is accounts' word on whether
-- a member may appear to other members at all (an active membership); a capability adds its
-- own rules (a profile left out of the directory, a block) on top.
-- Keep in step with the other backend's 0016_account_facts.sql.
CREATE VIEW member_facts AS
    SELECT id, email, display_name, association_id, org_id, role, status,
           status = 'active' AS listed
    FROM members;
CREATE VIEW organization_facts AS
    SELECT id, association_id, name, name_key, kind, region, country, population
    FROM organizations;
CREATE VIEW association_facts AS
    SELECT id, name
    FROM associations;
