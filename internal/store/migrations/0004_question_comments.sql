-- One comment per question written at service level on the summary form (document 002: the
-- summary form carries the service's own professional assessment per question, never a case).
ALTER TABLE submissions ADD COLUMN question_comments jsonb NOT NULL DEFAULT '[]';
