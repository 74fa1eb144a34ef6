-- Baseline; the lab session tables arrive with the sessions feature.
CREATE TABLE schema_note (id INT PRIMARY KEY, note VARCHAR(200) NOT NULL);
