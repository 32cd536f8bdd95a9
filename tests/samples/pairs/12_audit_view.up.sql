CREATE VIEW user_orders AS SELECT u.name, o.id AS order_id FROM users u JOIN orders o ON o.user_id = u.id;
