"""The harvester of China's government information disclosure annual reports."""
