"""The administration partnership administrators use day to day, as pages of the service:
their partnership's agencies, people, roles, line managers and policies."""
