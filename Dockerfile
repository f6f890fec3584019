FROM python:3.11-slim
WORKDIR /srv/smals-graph
COPY pyproject.toml README.md ./
COPY graph_model ./graph_model
COPY loader ./loader
COPY app ./app
COPY cypher ./cypher
RUN pip install --no-cache-dir .
ENV SMALS_GRAPH_DATA_DIR=/data
EXPOSE 8501
CMD ["smals-graph", "app", "--host", "0.0.0.0", "--port", "8501", "--headless"]
