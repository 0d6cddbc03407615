"""Evidence on the report: figures computed from raw data (nianbao.evidence), shown beside their items with
their provenance, and accepted into the report by the 填报人."""
