"""The production configuration (nginx, systemd units, the environment template) and the local cluster script."""
