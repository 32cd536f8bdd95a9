DROP FUNCTION slugify(text);
