this is for another database and never read;
