-- A refused row's column as the file's header wrote it ("Company Name"), beside the API's field name
-- (business_name): the console shows the owner the words of their own file.
alter table lead_import_error add column header text;
