-- Nothing to undo here, the author thought.
SELECT 1;
