UPDATE orders SET note = coalesce(note, '');
